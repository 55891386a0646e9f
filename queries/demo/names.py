"""Name and comment pools for believable demo rows (plain data)."""

from __future__ import annotations

import unicodedata

ZH_FAMILY = (
    ("陳", "chen"), ("林", "lin"), ("黃", "huang"), ("張", "chang"), ("李", "lee"),
    ("王", "wang"), ("吳", "wu"), ("劉", "liu"), ("蔡", "tsai"), ("楊", "yang"),
    ("許", "hsu"), ("鄭", "cheng"), ("謝", "hsieh"), ("郭", "kuo"), ("洪", "hung"),
    ("曾", "tseng"), ("邱", "chiu"), ("廖", "liao"), ("賴", "lai"), ("周", "chou"),
    ("蘇", "su"), ("葉", "yeh"), ("莊", "chuang"), ("呂", "lu"), ("江", "chiang"),
    ("何", "ho"), ("蕭", "hsiao"), ("羅", "lo"), ("高", "kao"), ("簡", "chien"),
)  # fmt: skip
ZH_GIVEN = (
    ("怡君", "yichun"), ("雅婷", "yating"), ("家豪", "chiahao"), ("志明", "chihming"),
    ("淑芬", "shufen"), ("俊傑", "chunchieh"), ("宗翰", "tsunghan"), ("佳穎", "chiaying"),
    ("冠宇", "kuanyu"), ("欣怡", "hsinyi"), ("承恩", "chengen"), ("詩涵", "shihhan"),
    ("柏翰", "pohan"), ("品妍", "pinyen"), ("建宏", "chienhung"), ("美玲", "meiling"),
    ("俊宏", "chunhung"), ("郁婷", "yuting"), ("子晴", "tzuching"), ("宇軒", "yuhsuan"),
    ("思妤", "szuyu"), ("彥廷", "yenting"), ("心怡", "hsinyi"), ("家瑋", "chiawei"),
    ("志偉", "chihwei"), ("筱涵", "hsiaohan"), ("柏宇", "poyu"), ("婉婷", "wanting"),
    ("冠廷", "kuanting"), ("佩珊", "peishan"),
)  # fmt: skip

LATIN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("James", "Mary", "Michael", "Jennifer", "David", "Linda", "Robert", "Sarah", "John",
         "Emily", "Daniel", "Jessica", "Chris", "Ashley", "Matthew", "Olivia", "Andrew", "Emma",
         "Ryan", "Sophia", "Kevin", "Grace", "Brian", "Hannah", "Jason", "Megan", "Eric"),
        ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "O'Brien",
         "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin",
         "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young"),
    ),
    "de": (
        ("Lukas", "Anna", "Felix", "Lea", "Jonas", "Laura", "Leon", "Paul", "Mia", "Sophie",
         "Tim", "Julia", "Jan", "Lena"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf"),
    ),
    "pt": (
        ("Gabriel", "Ana", "Lucas", "Maria", "Pedro", "Júlia", "Mateus", "Beatriz", "Rafael",
         "Larissa", "Gustavo", "Camila"),
        ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
         "Lima", "Gomes", "Costa", "Ribeiro"),
    ),
    "in": (
        ("Aarav", "Priya", "Rohan", "Ananya", "Arjun", "Diya", "Vikram", "Kavya", "Rahul",
         "Sneha", "Aditya", "Pooja"),
        ("Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Nair", "Mehta", "Singh", "Kumar", "Das",
         "Rao", "Joshi"),
    ),
    "ja": (
        ("Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura", "Takumi", "Mio",
         "Kenji", "Yuki"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
         "Kobayashi", "Kato", "Yoshida", "Yamada"),
    ),
    "pl": (
        ("Jakub", "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka",
         "Michał", "Joanna", "Krzysztof", "Aleksandra"),
        ("Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Zając",
         "Król", "Wieczorek", "Wróbel", "Dudek"),
    ),
}  # fmt: skip


def ascii_name(name: str) -> str:
    """Lower-case ASCII for e-mail addresses: Wójcik → wojcik, O'Brien → obrien."""
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in plain.lower() if c.isascii() and c.isalpha())


COMMENTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("zh-TW", "praise"): (
        "客服很快就回覆了，謝謝！",
        "問題一次就解決，非常滿意。",
        "服務人員很有耐心，說明得很清楚。",
        "態度很好，「專業」兩個字當之無愧。",
        "半夜也有人回覆，真的很感動！",
        "退款處理得很快，感謝。",
    ),
    ("zh-TW", "wait"): (
        "等了快三個小時才有人回，太久了。",
        "半夜傳訊息都沒人理，週末更慢。",
        "電話一直打不通，等候時間太長，希望改善。",
        "回覆速度太慢，「24 小時客服」名不符實。",
    ),
    ("zh-TW", "unresolved"): (
        "同樣的問題已經反映第二次了，還是沒解決。",
        "說會回電，結果沒有下文。",
        "換了三個客服，每個人說法都不一樣。",
        "帳單金額還是錯的，請盡快處理！",
    ),
    ("zh-TW", "neutral"): (
        "還可以，希望流程再簡化一點。",
        "問題有解決，但 App 介面不太好找。",
        '客服說"稍後處理"，後來有處理，OK。',
    ),
    ("en", "praise"): (
        "Quick and friendly, thanks!",
        "Solved on the first try. Great job!",
        "Clear answer, no back-and-forth. Appreciated.",
        'The agent said "no problem" and actually fixed it, which was refreshing.',
    ),
    ("en", "wait"): (
        "Waited over two hours for a reply, on a Saturday afternoon.",
        "Nobody answered the chat at night, so I had to write again.",
        'Fine in the end, but the wait was "forever", honestly.',
    ),
    ("en", "unresolved"): (
        "Third time contacting you about the same billing error.",
        "I was told it was fixed, but it wasn't.",
        "Still can't log in, and the reset link expired, again.",
    ),
    ("en", "neutral"): (
        "OK, but the help centre article was out of date.",
        "Reasonable service.\nWould like e-mail updates, though.",
        "Fine, I guess.",
    ),
}
COMMENT_THEMES = ("praise", "wait", "unresolved", "neutral")
