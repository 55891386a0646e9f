"""Survey email texts per language (zh-TW, en). Jobs may not import the dashboard's catalog."""

from __future__ import annotations

from typing import Final

# Per language and channel, the two forms a sentence needs, in lower case (mid-sentence):
# what the contact was ("Your phone call with us") and how it was made ("by phone").
CHANNELS: Final = {
    "en": {
        "chat": ("chat", "by chat"),
        "email": ("email", "by email"),
        "phone": ("phone call", "by phone"),
        "social": ("social media message", "through social media"),
    },
    "zh-TW": {
        "chat": ("線上對話", "透過線上對話"),
        "email": ("電子郵件", "透過電子郵件"),
        "phone": ("電話", "透過電話"),
        "social": ("社群媒體", "透過社群媒體"),
    },
}

TEXTS: Final = {
    "en": {
        "subject": "How did we do? Your {channel} with us on {date}",
        "greeting": "Hello {name},",
        "greeting_anonymous": "Hello,",
        "intro": "You contacted our support team {by_channel} on {date}. "
        "Two quick questions help us do better.",
        "csat_question": "How satisfied are you with the help you received? (1 = very "
        "dissatisfied, 5 = very satisfied)",
        "nps_question": "How likely are you to recommend us to a friend or colleague? "
        "(0 = not at all likely, 10 = extremely likely)",
        "note": "Choosing a score opens a page where you can confirm it and add a comment. "
        "The links stay valid for {days} days.",
        "unsubscribe": "Don't want survey emails? Unsubscribe",
        "sign_off": "Thank you, your support team",
        "date_format": "%Y-%m-%d",
    },
    "zh-TW": {
        "subject": "我們的服務如何？關於您在 {date} 的{channel}聯繫",
        "greeting": "{name} 您好：",
        "greeting_anonymous": "您好：",
        "intro": "您在 {date} {by_channel}聯繫了我們的客服團隊。回答兩個小問題，幫助我們做得更好。",
        "csat_question": "您對這次獲得的協助滿意嗎？（1 = 非常不滿意，5 = 非常滿意）",
        "nps_question": "您有多大可能向朋友或同事推薦我們？（0 = 完全不可能，10 = 非常可能）",
        "note": "點選分數後會開啟一個頁面，您可以在那裡確認分數並留下意見。"
        "連結在 {days} 天內有效。",
        "unsubscribe": "不想再收到問卷郵件？取消訂閱",
        "sign_off": "謝謝您，客服團隊敬上",
        "date_format": "%Y年%m月%d日",
    },
}
LANGUAGES: Final = tuple(TEXTS)


def language(locale: str | None, default: str) -> str:
    """The email language: the customer's locale when we have texts for it, else the default."""
    for candidate in (locale, default):
        if candidate in TEXTS:
            return candidate
        if candidate and candidate.split("-")[0].lower() == "zh":
            return "zh-TW"
        if candidate and candidate.split("-")[0].lower() == "en":
            return "en"
    return "en"
