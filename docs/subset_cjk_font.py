import sys

from fontTools import subset
from fontTools.ttLib import TTFont

chars = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x180))
    | set(range(0x2000, 0x206F))
    | set(range(0x3000, 0x3040))
    | set(range(0xFF00, 0xFFF0))
    | {0x20AC, 0x2122, 0x2190, 0x2192, 0x2022, 0x25CF}
)
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src)
opts = subset.Options()
opts.layout_features = ["*"]
opts.hinting = False
opts.name_IDs = ["*"]
opts.notdef_outline = True
opts.glyph_names = False
s = subset.Subsetter(opts)
s.populate(unicodes=chars)
s.subset(font)
font.save(dst)
print(dst, len(chars))
