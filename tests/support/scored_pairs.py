"""Three pairs of the Xinhua case to score, two with a reference."""

from __future__ import annotations

from mtreview.records import Pair

SCORED_PAIRS = [
    Pair("1", "两国元首决定,将双边关系定位提升为全天候全面战略伙伴关系。",
         "The two heads of state decided to upgrade the bilateral relationship to an all-weather "
         "comprehensive strategic partnership.",
         references=("The two presidents decided to upgrade the bilateral relationship to an all-weather "
                     "comprehensive strategic partnership.",)),
    Pair("2", "丁薛祥、杨洁篪、王毅、何立峰等参加会见。",
         "Ding Xuexiang, Yang Jiechi, Wang Yi, He Lifeng and others attended the meeting."),
    Pair("3", "中方对此高度评价。", "China speaks highly of this.",
         references=("China highly commends this.",)),
]
