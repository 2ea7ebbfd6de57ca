//! Complaint and feedback tickets (客诉 / 客户反馈) as pure rules: their type, severity
//! and state, the promised response and resolution times by severity (a company
//! setting), which actions each state allows, when a ticket is overdue, and the
//! customer's satisfaction score on closing.

use chrono::{DateTime, Duration, Utc};

use crate::i18n::Lang;

/// What a ticket is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TicketKind {
    /// 投诉: the customer complains.
    #[default]
    Complaint,
    /// 质量问题: a product is faulty.
    Quality,
    /// 物流配送: late, damaged or wrong delivery.
    Delivery,
    /// 服务: the service of the staff.
    Service,
    /// 意见建议: feedback or a suggestion, nothing went wrong.
    Feedback,
}

impl TicketKind {
    pub const ALL: [TicketKind; 5] = [
        TicketKind::Complaint,
        TicketKind::Quality,
        TicketKind::Delivery,
        TicketKind::Service,
        TicketKind::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Complaint => "complaint",
            TicketKind::Quality => "quality",
            TicketKind::Delivery => "delivery",
            TicketKind::Service => "service",
            TicketKind::Feedback => "feedback",
        }
    }

    pub fn parse(s: &str) -> Option<TicketKind> {
        let s = s.trim();
        TicketKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TicketKind::Complaint => lang.pick("投诉", "Complaint"),
            TicketKind::Quality => lang.pick("质量问题", "Quality"),
            TicketKind::Delivery => lang.pick("物流配送", "Delivery"),
            TicketKind::Service => lang.pick("服务", "Service"),
            TicketKind::Feedback => lang.pick("意见建议", "Feedback"),
        }
    }
}

/// How bad it is; it sets the promised response and resolution times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Severity {
    /// 低
    Low,
    /// 一般
    #[default]
    Normal,
    /// 高
    High,
    /// 紧急
    Urgent,
}

impl Severity {
    /// Most severe first, as the settings list them.
    pub const ALL: [Severity; 4] = [
        Severity::Urgent,
        Severity::High,
        Severity::Normal,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Normal => "normal",
            Severity::High => "high",
            Severity::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        let s = s.trim();
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Low => lang.pick("低", "Low"),
            Severity::Normal => lang.pick("一般", "Normal"),
            Severity::High => lang.pick("高", "High"),
            Severity::Urgent => lang.pick("紧急", "Urgent"),
        }
    }
}

/// Where a ticket stands: open → in progress → resolved → closed. A resolved ticket
/// may be reopened (the customer is not satisfied); a closed one is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketStatus {
    /// 待处理: nobody has acted on it yet.
    Open,
    /// 处理中
    InProgress,
    /// 已解决: a resolution is recorded; the customer's word is awaited.
    Resolved,
    /// 已关闭: with the customer's satisfaction.
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::Open,
        TicketStatus::InProgress,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<TicketStatus> {
        TicketStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TicketStatus::Open => lang.pick("待处理", "Open"),
            TicketStatus::InProgress => lang.pick("处理中", "In progress"),
            TicketStatus::Resolved => lang.pick("已解决", "Resolved"),
            TicketStatus::Closed => lang.pick("已关闭", "Closed"),
        }
    }

    /// Someone still has to act: the promised times run.
    pub fn is_active(self) -> bool {
        matches!(self, TicketStatus::Open | TicketStatus::InProgress)
    }
}

/// An entry of a ticket's log (处理记录).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogAction {
    /// 登记
    Opened,
    /// 处理记录: what was done.
    Note,
    /// 联系客户: a call or visit.
    Contact,
    /// 转交: another owner.
    Assigned,
    /// 已解决
    Resolved,
    /// 重新打开
    Reopened,
    /// 关闭
    Closed,
}

impl LogAction {
    pub const ALL: [LogAction; 7] = [
        LogAction::Opened,
        LogAction::Note,
        LogAction::Contact,
        LogAction::Assigned,
        LogAction::Resolved,
        LogAction::Reopened,
        LogAction::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogAction::Opened => "opened",
            LogAction::Note => "note",
            LogAction::Contact => "contact",
            LogAction::Assigned => "assigned",
            LogAction::Resolved => "resolved",
            LogAction::Reopened => "reopened",
            LogAction::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<LogAction> {
        LogAction::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LogAction::Opened => lang.pick("登记", "Opened"),
            LogAction::Note => lang.pick("处理", "Note"),
            LogAction::Contact => lang.pick("联系客户", "Contacted"),
            LogAction::Assigned => lang.pick("转交", "Assigned"),
            LogAction::Resolved => lang.pick("解决", "Resolved"),
            LogAction::Reopened => lang.pick("重开", "Reopened"),
            LogAction::Closed => lang.pick("关闭", "Closed"),
        }
    }

    /// The state a ticket in `from` moves to with this action, or `None` when the
    /// state does not allow it. A note or contact on an open ticket starts the work.
    pub fn next_status(self, from: TicketStatus) -> Option<TicketStatus> {
        use TicketStatus::*;
        match (self, from) {
            (LogAction::Opened, _) => None,
            (_, Closed) => None,
            (LogAction::Note | LogAction::Contact, Open) => Some(InProgress),
            (LogAction::Note | LogAction::Contact | LogAction::Assigned, s) => Some(s),
            (LogAction::Resolved, Open | InProgress) => Some(Resolved),
            (LogAction::Resolved, Resolved) => None,
            (LogAction::Reopened, Resolved) => Some(InProgress),
            (LogAction::Reopened, _) => None,
            (LogAction::Closed, _) => Some(Closed),
        }
    }
}

/// The promised times of one severity (服务时限), in hours from opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sla {
    /// Someone answers the customer within this.
    pub response_hours: i64,
    /// The matter is resolved within this.
    pub resolve_hours: i64,
}

/// Hours a promised time may have: a month at most for a response, a quarter for a
/// resolution (the table's CHECK).
pub const MAX_RESPONSE_HOURS: i64 = 720;
pub const MAX_RESOLVE_HOURS: i64 = 2160;

impl Sla {
    /// The times a new company promises.
    pub fn default_for(severity: Severity) -> Sla {
        let (response_hours, resolve_hours) = match severity {
            Severity::Urgent => (2, 24),
            Severity::High => (8, 72),
            Severity::Normal => (24, 120),
            Severity::Low => (72, 240),
        };
        Sla {
            response_hours,
            resolve_hours,
        }
    }

    /// As typed in the settings: `response/resolution` in hours, e.g. `4/48` (full-width
    /// digits and slash, and spaces, are accepted). The response comes first and is no
    /// longer than the resolution.
    pub fn parse(input: &str) -> Option<Sla> {
        let t: String = crate::domain::text::to_half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let (a, b) = t.split_once('/')?;
        let response_hours: i64 = a.parse().ok()?;
        let resolve_hours: i64 = b.parse().ok()?;
        let ok = (1..=MAX_RESPONSE_HOURS).contains(&response_hours)
            && (1..=MAX_RESOLVE_HOURS).contains(&resolve_hours)
            && response_hours <= resolve_hours;
        ok.then_some(Sla {
            response_hours,
            resolve_hours,
        })
    }

    /// As the settings show it: `4/48`.
    pub fn text(self) -> String {
        format!("{}/{}", self.response_hours, self.resolve_hours)
    }

    /// When a ticket opened at `opened` must be answered and resolved.
    pub fn deadlines(self, opened: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            opened + Duration::hours(self.response_hours),
            opened + Duration::hours(self.resolve_hours),
        )
    }
}

/// Which promise a ticket has broken (超时).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// Nobody answered the customer in the promised time.
    Response,
    /// Not resolved in the promised time.
    Resolution,
}

impl Overdue {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Overdue::Response => lang.pick("响应超时", "response late"),
            Overdue::Resolution => lang.pick("处理超时", "overdue"),
        }
    }
}

/// The times that decide whether a ticket is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub status: TicketStatus,
    pub respond_by: DateTime<Utc>,
    pub resolve_by: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
}

impl Clock {
    /// Whether the ticket is overdue at `now`: only a ticket someone still has to act on
    /// is. Past its resolution time it is overdue whatever else; before that, past its
    /// response time without an answer.
    pub fn overdue(&self, now: DateTime<Utc>) -> Option<Overdue> {
        if !self.status.is_active() {
            return None;
        }
        if now > self.resolve_by {
            return Some(Overdue::Resolution);
        }
        match self.responded_at {
            None if now > self.respond_by => Some(Overdue::Response),
            _ => None,
        }
    }

    /// The next promise the ticket has to keep: the response while nobody answered,
    /// then the resolution.
    pub fn due(&self) -> DateTime<Utc> {
        match self.responded_at {
            None => self.respond_by.min(self.resolve_by),
            Some(_) => self.resolve_by,
        }
    }
}

/// The customer's satisfaction on closing (满意度), 1 (very unhappy) to 5 (very happy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Satisfaction(u8);

impl Satisfaction {
    /// A score as typed: a whole number from 1 to 5 (a full-width digit too).
    pub fn parse(input: &str) -> Option<Satisfaction> {
        let t = crate::domain::text::to_half_width(input.trim());
        match t.parse::<u8>() {
            Ok(n @ 1..=5) => Some(Satisfaction(n)),
            _ => None,
        }
    }

    pub fn from_db(n: i64) -> Option<Satisfaction> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Satisfaction)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Stars as people read a score: ★★★★☆.
    pub fn stars(self) -> String {
        let n = usize::from(self.0);
        format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self.0 {
            1 => lang.pick("很不满意", "very unhappy"),
            2 => lang.pick("不满意", "unhappy"),
            3 => lang.pick("一般", "neutral"),
            4 => lang.pick("满意", "happy"),
            _ => lang.pick("很满意", "very happy"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, h, 0, 0).unwrap()
    }

    #[test]
    fn codes_round_trip_and_labels_exist_in_both_languages() {
        for k in TicketKind::ALL {
            assert_eq!(TicketKind::parse(k.as_str()), Some(k));
            assert_ne!(k.label(Lang::Zh), k.label(Lang::En));
        }
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
            assert_ne!(s.label(Lang::Zh), s.label(Lang::En));
        }
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(s));
        }
        for a in LogAction::ALL {
            assert_eq!(LogAction::parse(a.as_str()), Some(a));
            assert_ne!(a.label(Lang::Zh), a.label(Lang::En));
        }
        assert_eq!(Severity::parse(" URGENT "), Some(Severity::Urgent));
        assert_eq!(TicketKind::parse("refund"), None);
    }

    #[test]
    fn satisfaction_is_one_to_five_and_seven_is_refused() {
        assert_eq!(Satisfaction::parse("4").map(Satisfaction::get), Some(4));
        assert_eq!(Satisfaction::parse("５").map(Satisfaction::get), Some(5));
        for bad in ["7", "0", "", "3.5", "-1", "five"] {
            assert_eq!(Satisfaction::parse(bad), None, "{bad}");
        }
        assert_eq!(Satisfaction::from_db(6), None);
        assert_eq!(
            Satisfaction::parse("3").map(Satisfaction::stars).as_deref(),
            Some("★★★☆☆")
        );
    }

    #[test]
    fn promised_times_parse_as_response_slash_resolution() {
        assert_eq!(
            Sla::parse("4/48"),
            Some(Sla {
                response_hours: 4,
                resolve_hours: 48
            })
        );
        assert_eq!(
            Sla::parse(" ２ ／ ２４ ").map(Sla::text).as_deref(),
            Some("2/24")
        );
        for bad in ["48/4", "0/10", "4", "a/b", "4/99999", ""] {
            assert_eq!(Sla::parse(bad), None, "{bad}");
        }
        for s in Severity::ALL {
            let d = Sla::default_for(s);
            assert_eq!(Sla::parse(&d.text()), Some(d));
        }
        assert!(
            Sla::default_for(Severity::Urgent).response_hours
                < Sla::default_for(Severity::Low).response_hours
        );
    }

    #[test]
    fn a_ticket_is_overdue_past_its_promises_while_someone_has_to_act() {
        let sla = Sla {
            response_hours: 2,
            resolve_hours: 8,
        };
        let (respond_by, resolve_by) = sla.deadlines(at(0));
        let mut c = Clock {
            status: TicketStatus::Open,
            respond_by,
            resolve_by,
            responded_at: None,
        };
        assert_eq!(c.overdue(at(1)), None);
        assert_eq!(c.overdue(at(3)), Some(Overdue::Response));
        assert_eq!(c.due(), at(2));
        c.responded_at = Some(at(1));
        c.status = TicketStatus::InProgress;
        assert_eq!(c.overdue(at(3)), None, "answered in time");
        assert_eq!(c.due(), at(8));
        assert_eq!(c.overdue(at(9)), Some(Overdue::Resolution));
        c.responded_at = None;
        assert_eq!(
            c.overdue(at(9)),
            Some(Overdue::Resolution),
            "past both: the resolution counts"
        );
        c.status = TicketStatus::Resolved;
        assert_eq!(c.overdue(at(20)), None, "resolved tickets wait for nobody");
        c.status = TicketStatus::Closed;
        assert_eq!(c.overdue(at(20)), None);
    }

    #[test]
    fn actions_follow_the_states() {
        use TicketStatus::*;
        assert_eq!(LogAction::Note.next_status(Open), Some(InProgress));
        assert_eq!(LogAction::Note.next_status(Resolved), Some(Resolved));
        assert_eq!(LogAction::Resolved.next_status(InProgress), Some(Resolved));
        assert_eq!(LogAction::Resolved.next_status(Resolved), None);
        assert_eq!(LogAction::Reopened.next_status(Resolved), Some(InProgress));
        assert_eq!(LogAction::Reopened.next_status(Open), None);
        assert_eq!(LogAction::Closed.next_status(Open), Some(Closed));
        for a in LogAction::ALL {
            assert_eq!(a.next_status(Closed), None, "{a:?} on a closed ticket");
        }
    }
}
