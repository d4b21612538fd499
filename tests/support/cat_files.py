"""TMX and XLIFF as legacy CAT tools write them, to be filled in with an encoding and a pair."""

from __future__ import annotations

LEGACY_SOURCE, LEGACY_TARGET = "中方愿继续为白方抗击新冠肺炎疫情提供支持和帮助。", "China will help Belarus fight the new crown pneumonia epidemic."
TMX_TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv><tuv xml:lang="en-US"><seg>{target}</seg></tuv></tu>
</body></tmx>
"""
XLIFF_TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.docx" source-language="{language}" target-language="en-US" datatype="plaintext"><body>
<trans-unit id="u1"><source>{source}</source><target>{target}</target></trans-unit>
</body></file></xliff>
"""
