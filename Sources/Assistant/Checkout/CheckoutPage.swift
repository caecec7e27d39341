import Billing
import Foundation
import PaymentGateway
import PayAssistCore

/// Server-rendered checkout pages: large, legible, usable on a phone, in the customer's language,
/// with a little plain JavaScript for the live quote and against double submits.
public struct CheckoutPage: Sendable {
    let renderer: ReplyRenderer
    /// The language of the page.
    public let language: Language

    /// A page builder for one language.
    public init(renderer: ReplyRenderer, language: Language) {
        self.renderer = renderer
        self.language = language
    }

    private func t(_ key: String, _ values: [String: ReplyValue] = [:]) -> String {
        ReplyRenderer.escape(renderer.fill(key, values, language: language, timeZone: .gmt, ssml: false))
    }

    private func money(_ value: Money) -> String { ReplyRenderer.escape(ReplyRenderer.formatMoney(value, language: language)) }

    /// The page frame: one column, 20px+ type, high contrast.
    func frame(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>
        body{font-family:system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC",sans-serif;font-size:22px;line-height:1.5;margin:0;background:#f4f6f8;color:#111}
        main{max-width:34rem;margin:0 auto;padding:1.2rem}
        h1{font-size:1.6rem;margin:.4rem 0 1rem}
        .card{background:#fff;border-radius:12px;padding:1rem 1.2rem;margin-bottom:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        dl{margin:0}dt{color:#555;font-size:.9rem}dd{margin:0 0 .6rem;font-weight:600;font-size:1.2rem}
        label{display:block;margin:.8rem 0 .2rem;font-weight:600}
        input,select{width:100%;box-sizing:border-box;font-size:1.2rem;padding:.7rem;border:2px solid #777;border-radius:8px}
        .row{display:flex;gap:.6rem}.row>*{flex:1}
        button{width:100%;font-size:1.4rem;padding:1rem;margin-top:1.2rem;border:0;border-radius:10px;background:#0b5fff;color:#fff;font-weight:700}
        button.secondary{background:#555}
        button:disabled{background:#9ab}
        .quote{font-size:1.1rem;color:#0b3d91;min-height:1.5em}
        .error{background:#fde8e8;color:#8a1111;border:2px solid #d33;border-radius:10px;padding:1rem}
        .ok{background:#e6f6ea;color:#10521f;border:2px solid #2a8a44;border-radius:10px;padding:1rem}
        </style></head>
        <body><main>
        \(body)
        </main></body></html>
        """
    }

    private func summary(_ view: CheckoutView) -> String {
        """
        <div class="card"><dl>
        <dt>\(t("page_account"))</dt><dd id="account">\(ReplyRenderer.escape(view.account.number))</dd>
        <dt>\(t("page_holder"))</dt><dd id="holder">\(ReplyRenderer.escape(view.account.maskedHolderName))</dd>
        <dt>\(t("page_amount_due"))</dt><dd id="due">\(money(view.amountDue))</dd>
        </dl></div>
        """
    }

    /// The form: account and amount prefilled (amount editable), card currency, live quote, card fields.
    public func form(_ view: CheckoutView, token: String, error: String? = nil) -> String {
        let base = "/checkout/" + token
        let options = Assistant.cardCurrencies.map { currency in
            "<option value=\"\(currency.code)\"\(currency == view.suggestedCurrency ? " selected" : "")>\(currency.code)</option>"
        }.joined()
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let quoteTemplate = t("page_quote", ["payer_total": .text("{payer_total}"), "rate": .text("{rate}"), "fee": .text("{fee}")])
        let body = """
        <h1>\(t("page_title"))</h1>
        \(error.map { "<div class=\"error\" role=\"alert\" id=\"error\">\(ReplyRenderer.escape($0))</div>" } ?? "")
        \(summary(view))
        <form class="card" method="post" action="\(base)/pay" id="pay-form" autocomplete="on">
        <label for="amount">\(t("page_amount"))</label>
        <input id="amount" name="amount" inputmode="decimal" required value="\(view.record.amount.decimalString)">
        <label for="currency">\(t("page_currency"))</label>
        <select id="currency" name="payer_currency">\(options)</select>
        <p class="quote" id="quote" aria-live="polite"></p>
        <input type="hidden" name="quote_id" id="quote_id" value="">
        <label for="number">\(t("page_card_number"))</label>
        <input id="number" name="number" inputmode="numeric" autocomplete="cc-number" required>
        <label>\(t("page_expiry"))</label>
        <div class="row"><input id="exp_month" name="exp_month" inputmode="numeric" placeholder="MM" autocomplete="cc-exp-month" required>
        <input id="exp_year" name="exp_year" inputmode="numeric" placeholder="\(year + 2)" autocomplete="cc-exp-year" required></div>
        <label for="cvc">\(t("page_cvc"))</label>
        <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required>
        <label for="holder_name">\(t("page_holder_name"))</label>
        <input id="holder_name" name="holder" autocomplete="cc-name" required>
        <button type="submit" id="pay">\(t("page_pay"))</button>
        </form>
        <script>
        (function(){
          var form=document.getElementById('pay-form'),amount=document.getElementById('amount'),currency=document.getElementById('currency'),
              quote=document.getElementById('quote'),quoteId=document.getElementById('quote_id'),template=\(CheckoutPage.jsString(quoteTemplate));
          function refresh(){
            quoteId.value='';quote.textContent='';
            if(currency.value==='CNY')return;
            var x=new XMLHttpRequest();x.open('POST','\(base)/quote');x.setRequestHeader('Content-Type','application/json');
            x.onload=function(){if(x.status!==200)return;var q=JSON.parse(x.responseText);quoteId.value=q.quote_id;
              quote.textContent=template.replace('{payer_total}',q.payer_total_text).replace('{rate}',q.rate).replace('{fee}',q.fee_text);};
            x.send(JSON.stringify({amount:amount.value,payer_currency:currency.value}));
          }
          amount.addEventListener('change',refresh);currency.addEventListener('change',refresh);refresh();
          form.addEventListener('submit',function(){document.getElementById('pay').disabled=true;});
        })();
        </script>
        """
        return frame(title: t("page_title"), body: body)
    }

    /// The mock bank's 3-D Secure challenge.
    public func challenge(_ payment: Payment, token: String) -> String {
        let body = """
        <h1>\(t("page_3ds_title"))</h1>
        <div class="card"><p>\(t("page_3ds_text", ["amount": .money(payment.payerTotal)]))</p>
        <form method="post" action="/checkout/\(token)/3ds"><input type="hidden" name="result" value="pass">
        <button type="submit" id="pass">\(t("page_3ds_pass"))</button></form>
        <form method="post" action="/checkout/\(token)/3ds"><input type="hidden" name="result" value="fail">
        <button type="submit" class="secondary" id="fail">\(t("page_3ds_fail"))</button></form></div>
        """
        return frame(title: t("page_3ds_title"), body: body)
    }

    /// The receipt after paying (or when a paid link is submitted again).
    public func paid(amount: Money, account: String, last4: String, reference: String) -> String {
        let body = """
        <h1>\(t("page_paid_title"))</h1>
        <div class="ok" id="paid">\(t("page_paid_text", ["amount": .money(amount), "account": .account(account), "last4": .text(last4), "reference": .text(reference)]))</div>
        """
        return frame(title: t("page_paid_title"), body: body)
    }

    /// A decline, with the way back to the form.
    public func declined(message: String, token: String) -> String {
        let body = """
        <h1>\(t("page_declined_title"))</h1>
        <div class="error" role="alert" id="declined">\(ReplyRenderer.escape(message))</div>
        <form method="get" action="/checkout/\(token)"><button type="submit">\(t("page_try_again"))</button></form>
        """
        return frame(title: t("page_declined_title"), body: body)
    }

    /// A payment still processing.
    public func processing() -> String {
        frame(title: t("page_title"), body: "<h1>\(t("page_title"))</h1><div class=\"card\" id=\"processing\">\(t("page_processing"))</div>")
    }

    /// A link that cannot be used (tampered, expired, used) or any other error.
    public func error(message: String) -> String {
        frame(title: t("page_error_title"), body: "<h1>\(t("page_error_title"))</h1><div class=\"error\" role=\"alert\" id=\"error\">\(ReplyRenderer.escape(message))</div>")
    }

    /// A string as a JavaScript literal (JSON-escaped, `<` escaped so it cannot close the script).
    static func jsString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast()).replacingOccurrences(of: "<", with: "\\u003c")
    }
}

extension CheckoutPage {
    /// The renderer, for building pages in other languages.
    public var rendererForRoutes: ReplyRenderer { renderer }
}
