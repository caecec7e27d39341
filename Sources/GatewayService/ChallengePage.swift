import PaymentGateway

/// The mock 3-D Secure challenge page: two buttons that post "pass" or "fail" for the payment.
enum ChallengePage {
    static func html(for payment: Payment) -> String {
        let waiting = payment.status == .requiresAction
        return """
        <!doctype html>
        <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>3-D Secure (test)</title></head>
        <body style="font-family: sans-serif; max-width: 28rem; margin: 2rem auto">
        <h1>3-D Secure test challenge</h1>
        <p>\(payment.card.network.displayName) ****\(payment.card.last4): \(payment.payerTotal.decimalString) \(payment.payerTotal.currency.code)</p>
        <p id="status">Status: \(payment.status.rawValue)</p>
        \(waiting ? """
        <button onclick="answer('pass')">Authenticate</button> <button onclick="answer('fail')">Fail authentication</button>
        """ : "")
        <script>
        async function answer(result) {
          const response = await fetch('/gateway/v1/payments/\(payment.id)/three_d_secure', {
            method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({result})});
          const body = await response.json();
          document.getElementById('status').textContent = 'Status: ' + (body.status || body.error.code);
          document.querySelectorAll('button').forEach(b => b.remove());
        }
        </script>
        </body></html>
        """
    }
}
