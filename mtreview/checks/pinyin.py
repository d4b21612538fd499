"""Pinyin in the English written as a textbook writes it, with tone marks (Běijīng, Xí Jìnpíng): news
and official English write pinyin without them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from mtreview.checks.registry import CheckContext, Hit, check
from mtreview.records import Category, Pair, Severity

FAMILY = "pinyin"
PROFILES = ("terminology",)

# Every toneless pinyin syllable (ü written ü), from pypinyin's dictionary.
_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian
jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan
kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun
luo lü lüe ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei
nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nü nüe o ou pa pai pan pang pao pei pen peng
pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re
ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei
shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao
te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang
xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan
zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang
zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
# The four tones' marks on vowels: macron, acute, caron, grave. Other languages use them too (María,
# Banghāzī), so a word counts only where it spells the pinyin of the source's characters.
_TONE_MARKED = "āēīōūǖǎěǐǒǔǚĀĒĪŌŪǕǍĚǏǑǓǙáéíóúǘàèìòùǜÁÉÍÓÚǗÀÈÌÒÙǛ"
_ANY_TONE_MARK = re.compile(f"[{_TONE_MARKED}]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LETTERS = f"A-Za-züÜ{_TONE_MARKED}"
_TONED_WORD = re.compile(f"[{_LETTERS}]*[{_TONE_MARKED}][{_LETTERS}]*(?:['’-][{_LETTERS}]+)*")


def _toneless(word: str) -> str:
    """Tone marks off, ü kept: Běijīng → Beijing, lǜ → lü."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c == "\u0308" or not unicodedata.combining(c)))


@lru_cache(maxsize=4096)
def _is_pinyin(word: str) -> bool:
    """Whether a toneless word splits into pinyin syllables (beijing, xi'an, zhongguo)."""
    for part in re.split(r"['’-]", word.lower()):
        if not part:
            return False
        reachable = [True] + [False] * len(part)
        for end in range(1, len(part) + 1):
            reachable[end] = any(reachable[start] and part[start:end] in _SYLLABLES
                                 for start in range(max(0, end - 6), end))
        if not reachable[-1]:
            return False
    return True


def _source_readings(source: str) -> list[tuple[str, ...]]:
    """Every reading, with its tone mark, of each Han character of the source, in order."""
    from pypinyin import Style, pinyin  # imported here: its dictionaries take a moment to load

    han = "".join(_HAN.findall(source))
    return [tuple(unicodedata.normalize("NFC", reading) for reading in readings)
            for readings in pinyin(han, style=Style.TONE, heteronym=True, errors="ignore")]


def _reads_as(word: str, readings: list[tuple[str, ...]], start: int = 0) -> bool:
    """Whether the word spells the readings of consecutive characters from `start` on, each syllable
    with the character's own tone mark or none (Xī'ān is 西安; Kāpīsā is not 卡比萨, kǎ bǐ sà)."""
    if not word:
        return True
    if start >= len(readings):
        return False
    for reading in readings[start]:
        plain = _toneless(reading)
        syllable = word[:len(plain)]
        if _toneless(syllable) == plain and syllable in (plain, reading) \
                and _reads_as(word[len(plain):], readings, start + 1):
            return True
    return False


@check("tone-marks", Category.SPELLING, Severity.MINOR)
def tone_marks(pair: Pair, context: CheckContext) -> Iterator[Hit]:
    """Pinyin written with tone marks in the English (Běijīng for Beijing)"""
    target = pair.target
    if target.isascii() or not _ANY_TONE_MARK.search(target):
        return
    readings = None
    for match in _TONED_WORD.finditer(target):
        plain = _toneless(match.group())
        if not _is_pinyin(plain):
            continue
        # Only the pinyin of the source's own characters, in their tones: Banghāzī (班加西), Manabí
        # (马纳比, bǐ) and María are other languages' accents.
        if readings is None:
            readings = _source_readings(pair.source)
        spelled = re.sub(r"['’-]", "", match.group().lower())
        if not any(_reads_as(spelled, readings, start) for start in range(len(readings))):
            continue
        yield Hit(f"“{match.group()}” is pinyin with tone marks; English writes “{plain}”",
                  target_span=match.span(), suggestion=plain)
