"""Bilingual files: TMX 1.4 translation memories and XLIFF 1.2 / 2.x, read into a Corpus of Pairs
(chosen by suffix in mtreview.inputs.SUFFIX_READERS), and findings written back into XLIFF
(mtreview.formats.xliff.annotate_xliff).

Every file is parsed with defusedxml: a DTD may be present, but entity declarations (the XXE and
"billion laughs" attacks) and external references are refused before anything is expanded or read.
"""
