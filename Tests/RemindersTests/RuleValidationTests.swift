import Foundation
import PayAssistCore
import Testing
@testable import Reminders

/// Operators' rules are checked before they are saved; each problem has its own code.
struct RuleValidationTests {
    static func valid() -> ReminderRuleDraft {
        ReminderRuleDraft(name: "Due soon", audience: .init(tags: ["elderly"]), daysBeforeDue: [5, 2, 0], localTime: "09:00",
                          channel: "voice_call", templates: ["zh-Hans": "{name}您好，应缴{amount}，{due_date}到期。"], priority: 10)
    }

    static func code(_ draft: ReminderRuleDraft, audienceLanguages: Set<Language> = []) -> String? {
        do {
            _ = try ReminderRuleValidator.validate(draft, audienceLanguages: { _ in audienceLanguages }, id: "r", createdAt: Date(), updatedAt: Date(), version: 1)
            return nil
        } catch let error as ReminderError {
            return error.code
        } catch {
            return "unexpected"
        }
    }

    @Test func fixtureRulesAreValid() throws {
        let drafts = try TestSupport.fixtureDrafts()
        #expect(drafts.count == 3)
        for draft in drafts { #expect(Self.code(draft, audienceLanguages: [.zhHans]) == nil) }
    }

    @Test func aValidDraftBecomesARule() throws {
        let rule = try TestSupport.rule(Self.valid())
        #expect(rule.trigger.daysBeforeDue == [5, 2, 0])
        #expect(rule.localTime.description == "09:00")
        #expect(rule.channel == .voiceCall)
        #expect(rule.stopWhenPaid)
    }

    @Test(arguments: ["25:00", "9:60", "nine", "", "24:00", "-1:00"])
    func anImpossibleLocalTimeIsRejected(time: String) {
        var draft = Self.valid()
        draft.localTime = time
        #expect(Self.code(draft) == "invalid_local_time")
    }

    @Test func anUnknownTimeZoneIsRejected() {
        var draft = Self.valid()
        draft.timeZone = "Mars/Olympus_Mons"
        #expect(Self.code(draft) == "unknown_time_zone")
    }

    @Test func anEmptyAudienceIsRejected() {
        var draft = Self.valid()
        draft.audience = .init(tags: [], languages: [])
        #expect(Self.code(draft) == "empty_audience")
        draft.audience = nil
        #expect(Self.code(draft) == "empty_audience")
    }

    @Test func aTemplateMissingALanguageTheAudienceSpeaksIsRejected() {
        #expect(Self.code(Self.valid(), audienceLanguages: [.zhHans, .en]) == "template_language_missing")
        var draft = Self.valid()
        draft.audience = .init(languages: ["ja"])
        #expect(Self.code(draft) == "template_language_missing")
    }

    @Test func anUnknownPlaceholderIsRejected() {
        var draft = Self.valid()
        draft.templates = ["zh-Hans": "您好 {customer_name}"]
        #expect(Self.code(draft) == "unknown_placeholder")
        draft.templates = ["zh-Hans": "您好 {name"]
        #expect(Self.code(draft) == "invalid_template")
    }

    @Test func otherBadFieldsHaveTheirOwnCodes() {
        var draft = Self.valid()
        draft.channel = "pigeon"
        #expect(Self.code(draft) == "unknown_channel")
        draft = Self.valid()
        draft.daysBeforeDue = []
        #expect(Self.code(draft) == "no_trigger")
        draft = Self.valid()
        draft.daysBeforeDue = [-1]
        #expect(Self.code(draft) == "invalid_trigger")
        draft = Self.valid()
        draft.quietHours = .init(start: "08:00", end: "10:00")
        #expect(Self.code(draft) == "local_time_in_quiet_hours")
        draft = Self.valid()
        draft.audience = .init(accountStates: ["broke"])
        #expect(Self.code(draft) == "unknown_account_state")
        draft = Self.valid()
        draft.templates = ["xx": "hi"]
        #expect(Self.code(draft) == "unknown_language")
    }

    @Test func templatesRenderEveryPlaceholderAndLiteralBraces() throws {
        let template = try ReminderTemplate("{{{name}}} owes {amount}", language: .en)
        #expect(template.render(["name": "Li", "amount": "CNY 1.00"]) == "{Li} owes CNY 1.00")
    }
}
