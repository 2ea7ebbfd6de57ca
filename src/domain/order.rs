//! The sales order's stage (订单状态) and the rules for changing it, plus the order's
//! intake channel (来源渠道) and urgency (紧急程度).
//!
//! Fulfilment (reserved, picked, shipped, invoiced) is not a stage: it is derived from the
//! line quantities elsewhere.

use thiserror::Error;

use crate::i18n::{Lang, Localized};

/// Where a sales order is in its approval life (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum OrderStage {
    /// 草稿: being written; editable.
    #[default]
    Draft,
    /// 已提交: waiting in the approval queue.
    Submitted,
    /// 已审核: approved; stock may be reserved and goods shipped.
    Approved,
    /// 已驳回: sent back to the author with a reason; editable and can be resubmitted.
    Rejected,
    /// 已暂停: held for credit or by hand; released to submitted or approved.
    OnHold,
    /// 已取消: final.
    Cancelled,
    /// 已关闭: fulfilled and invoiced, or closed short; final.
    Closed,
}

impl OrderStage {
    pub const ALL: [OrderStage; 7] = [
        OrderStage::Draft,
        OrderStage::Submitted,
        OrderStage::Approved,
        OrderStage::Rejected,
        OrderStage::OnHold,
        OrderStage::Cancelled,
        OrderStage::Closed,
    ];

    /// The stored value: `draft`, `submitted`, `approved`, `rejected`, `on_hold`,
    /// `cancelled`, `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStage::Draft => "draft",
            OrderStage::Submitted => "submitted",
            OrderStage::Approved => "approved",
            OrderStage::Rejected => "rejected",
            OrderStage::OnHold => "on_hold",
            OrderStage::Cancelled => "cancelled",
            OrderStage::Closed => "closed",
        }
    }

    /// Whether an order in this stage counts toward its customer's credit exposure with
    /// what it leaves uninvoiced: approved, on hold (approved or waiting) and closed
    /// (delivered, perhaps not invoiced yet). Drafts, orders waiting for approval,
    /// rejected and cancelled ones do not.
    pub fn counts_toward_exposure(self) -> bool {
        matches!(
            self,
            OrderStage::Approved | OrderStage::OnHold | OrderStage::Closed
        )
    }

    /// Reads a stored value written by [`OrderStage::as_str`].
    pub fn parse(s: &str) -> Option<OrderStage> {
        OrderStage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            OrderStage::Draft => ("草稿", "Draft"),
            OrderStage::Submitted => ("已提交", "Submitted"),
            OrderStage::Approved => ("已审核", "Approved"),
            OrderStage::Rejected => ("已驳回", "Rejected"),
            OrderStage::OnHold => ("已暂停", "On hold"),
            OrderStage::Cancelled => ("已取消", "Cancelled"),
            OrderStage::Closed => ("已关闭", "Closed"),
        };
        lang.pick(zh, en).to_string()
    }

    /// The stages this one may move to; the single source of the transition rules.
    pub fn next_stages(self) -> &'static [OrderStage] {
        use OrderStage::*;
        match self {
            Draft => &[Submitted, Cancelled],
            Submitted => &[Approved, Rejected, OnHold, Cancelled],
            Rejected => &[Submitted, Cancelled],
            OnHold => &[Submitted, Approved, Cancelled],
            Approved => &[OnHold, Closed, Cancelled],
            Cancelled | Closed => &[],
        }
    }

    /// Whether the order's lines and header may be edited (草稿 and 已驳回).
    pub fn is_editable(self) -> bool {
        matches!(self, OrderStage::Draft | OrderStage::Rejected)
    }

    /// Whether nothing can follow (已取消, 已关闭).
    pub fn is_final(self) -> bool {
        self.next_stages().is_empty()
    }
}

/// Whether an order may move from `from` to `to`. Staying in the same stage is not a move.
pub fn can_transition(from: OrderStage, to: OrderStage) -> bool {
    from.next_stages().contains(&to)
}

/// Checks a move between stages, returning the new stage.
pub fn transition(from: OrderStage, to: OrderStage) -> Result<OrderStage, StageError> {
    if can_transition(from, to) {
        Ok(to)
    } else {
        Err(StageError::NotAllowed { from, to })
    }
}

/// A refused change of order stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StageError {
    #[error("an order cannot go from {} to {}", .from.label(Lang::En), .to.label(Lang::En))]
    NotAllowed { from: OrderStage, to: OrderStage },
}

impl Localized for StageError {
    fn localized(&self, lang: Lang) -> String {
        let StageError::NotAllowed { from, to } = *self;
        let next: Vec<String> = from.next_stages().iter().map(|s| s.label(lang)).collect();
        if next.is_empty() {
            crate::bi!(
                lang,
                "订单不能从“{}”改为“{}”：“{}”的订单不能再更改状态。",
                "An order cannot go from {} to {}: a {} order cannot change any more.",
                from.label(lang),
                to.label(lang),
                from.label(lang)
            )
        } else {
            crate::bi!(
                lang,
                "订单不能从“{}”改为“{}”。“{}”的订单只能改为：{}。",
                "An order cannot go from {} to {}. From {} it can go to: {}.",
                from.label(lang),
                to.label(lang),
                from.label(lang),
                next.join(lang.pick("、", ", "))
            )
        }
    }
}

/// How the order reached us (来源渠道).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 电话
    Phone,
    /// 邮件
    Email,
    /// 网站 / 网店
    Web,
    /// 传真
    Fax,
    /// QQ / 微信
    Chat,
    /// 到店: the customer came to the counter.
    WalkIn,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Phone,
        Channel::Email,
        Channel::Web,
        Channel::Fax,
        Channel::Chat,
        Channel::WalkIn,
    ];

    /// The stored value: `phone`, `email`, `web`, `fax`, `chat`, `walk_in`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Web => "web",
            Channel::Fax => "fax",
            Channel::Chat => "chat",
            Channel::WalkIn => "walk_in",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Channel::Phone => ("电话", "Phone"),
            Channel::Email => ("邮件", "Email"),
            Channel::Web => ("网站", "Web"),
            Channel::Fax => ("传真", "Fax"),
            Channel::Chat => ("QQ/微信", "Chat (QQ/WeChat)"),
            Channel::WalkIn => ("到店", "Walk-in"),
        };
        lang.pick(zh, en).to_string()
    }
}

/// How urgent an order is (紧急程度); queues sort by [`Urgency::rank`], highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Urgency {
    /// 普通
    #[default]
    Normal,
    /// 加急
    Urgent,
    /// 特急
    Critical,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Normal, Urgency::Urgent, Urgency::Critical];

    /// The stored value: `normal`, `urgent`, `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Urgency::Normal => ("普通", "Normal"),
            Urgency::Urgent => ("加急", "Urgent"),
            Urgency::Critical => ("特急", "Critical"),
        };
        lang.pick(zh, en).to_string()
    }

    /// 0 for normal, 1 for urgent, 2 for critical.
    pub fn rank(self) -> u8 {
        match self {
            Urgency::Normal => 0,
            Urgency::Urgent => 1,
            Urgency::Critical => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStage::*;

    /// Every allowed move, written out independently of `next_stages`.
    const ALLOWED: &[(OrderStage, OrderStage)] = &[
        (Draft, Submitted),
        (Draft, Cancelled),
        (Submitted, Approved),
        (Submitted, Rejected),
        (Submitted, OnHold),
        (Submitted, Cancelled),
        (Rejected, Submitted),
        (Rejected, Cancelled),
        (OnHold, Submitted),
        (OnHold, Approved),
        (OnHold, Cancelled),
        (Approved, OnHold),
        (Approved, Closed),
        (Approved, Cancelled),
    ];

    #[test]
    fn every_pair_of_stages() {
        let mut allowed = 0;
        for from in OrderStage::ALL {
            for to in OrderStage::ALL {
                let expected = ALLOWED.contains(&(from, to));
                assert_eq!(can_transition(from, to), expected, "{from:?} -> {to:?}");
                match transition(from, to) {
                    Ok(stage) => {
                        assert!(expected, "{from:?} -> {to:?}");
                        assert_eq!(stage, to);
                        allowed += 1;
                    }
                    Err(e) => {
                        assert!(!expected, "{from:?} -> {to:?}");
                        assert_eq!(e, StageError::NotAllowed { from, to });
                    }
                }
            }
        }
        assert_eq!(allowed, ALLOWED.len());
        assert_eq!(allowed, 14);
    }

    #[test]
    fn final_and_editable_stages() {
        for stage in OrderStage::ALL {
            assert_eq!(
                stage.is_final(),
                matches!(stage, Cancelled | Closed),
                "{stage:?}"
            );
            assert_eq!(
                stage.is_editable(),
                matches!(stage, Draft | Rejected),
                "{stage:?}"
            );
            assert!(!can_transition(stage, stage), "{stage:?}");
        }
        assert_eq!(OrderStage::default(), Draft);
    }

    #[test]
    fn stage_codes_and_labels() {
        let codes: Vec<&str> = OrderStage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            codes,
            [
                "draft",
                "submitted",
                "approved",
                "rejected",
                "on_hold",
                "cancelled",
                "closed"
            ]
        );
        for stage in OrderStage::ALL {
            assert_eq!(OrderStage::parse(stage.as_str()), Some(stage));
            assert_ne!(stage.label(Lang::Zh), stage.label(Lang::En));
        }
        assert_eq!(OrderStage::parse("Draft"), None);
        assert_eq!(OrderStage::parse(""), None);
        assert_eq!(Approved.label(Lang::Zh), "已审核");
        assert_eq!(OnHold.label(Lang::En), "On hold");
    }

    #[test]
    fn stage_error_names_both_stages() {
        let e = transition(Submitted, Draft).unwrap_err();
        let zh = e.localized(Lang::Zh);
        assert!(zh.contains("已提交") && zh.contains("草稿"), "{zh}");
        assert!(zh.contains("已审核、已驳回、已暂停、已取消"), "{zh}");
        let en = e.localized(Lang::En);
        assert!(en.contains("Submitted") && en.contains("Draft"), "{en}");
        assert_eq!(e.to_string(), "an order cannot go from Submitted to Draft");
        let e = transition(Closed, Approved).unwrap_err();
        assert!(e.localized(Lang::Zh).contains("不能再更改"));
        assert!(e.localized(Lang::En).contains("cannot change any more"));
    }

    #[test]
    fn channels() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
            assert_ne!(c.label(Lang::Zh), c.label(Lang::En));
        }
        assert_eq!(Channel::parse("walk_in"), Some(Channel::WalkIn));
        assert_eq!(Channel::parse("wechat"), None);
        assert_eq!(Channel::Chat.label(Lang::Zh), "QQ/微信");
    }

    #[test]
    fn urgency() {
        for u in Urgency::ALL {
            assert_eq!(Urgency::parse(u.as_str()), Some(u));
            assert_ne!(u.label(Lang::Zh), u.label(Lang::En));
        }
        assert!(Urgency::Critical.rank() > Urgency::Urgent.rank());
        assert!(Urgency::Urgent.rank() > Urgency::Normal.rank());
        assert_eq!(Urgency::parse("URGENT"), None);
        assert_eq!(Urgency::default(), Urgency::Normal);
        assert_eq!(Urgency::Critical.label(Lang::Zh), "特急");
    }
}
