//! The products a channel may name as its `provider`, per kind. A provider is
//! what lets outputs reach into the product (join links, deep links).

use super::ChannelKind;

/// The providers each kind of channel accepts (`other` accepts any name).
pub fn for_kind(kind: ChannelKind) -> &'static [&'static str] {
    match kind {
        ChannelKind::Video => &[
            "zoom",
            "teams",
            "tencent-meeting",
            "google-meet",
            "webex",
            "feishu",
            "dingtalk",
            "wecom",
        ],
        ChannelKind::Chat => &[
            "slack",
            "teams",
            "wechat",
            "wecom",
            "dingtalk",
            "feishu",
            "google-chat",
            "mattermost",
            "discord",
        ],
        ChannelKind::Call => &["phone", "teams", "zoom", "wechat", "dingtalk", "feishu"],
        ChannelKind::Email => &["outlook", "gmail", "exchange", "qq-mail", "netease-mail"],
        ChannelKind::PmSystem => &[
            "pingcode",
            "worktile",
            "jira",
            "asana",
            "linear",
            "trello",
            "github",
            "gitlab",
            "tapd",
            "teambition",
        ],
        ChannelKind::Document => &[
            "confluence",
            "notion",
            "google-docs",
            "sharepoint",
            "feishu",
            "tencent-docs",
            "yuque",
        ],
        ChannelKind::InPerson => &[],
        ChannelKind::Other => &[],
    }
}

/// The kind a provider belongs to, for a help line when it names another kind's product.
pub fn kinds_of(provider: &str) -> Vec<ChannelKind> {
    use ChannelKind::*;
    [Video, Chat, Call, Email, PmSystem, Document]
        .into_iter()
        .filter(|k| for_kind(*k).contains(&provider))
        .collect()
}
