# Unpacks a Qt resource (.rcc) file, as gcompris-qt-data ships its pictures: python3 rccx.py FILE.rcc OUT_DIR
# (used to build near-duplicate set B; see docs/results/near-duplicates.md)
import struct, sys, zlib, os
def extract(path, outdir):
    b = open(path,'rb').read()
    assert b[:4]==b'qres', path
    ver, tree, data, names = struct.unpack('>IIII', b[4:20])
    flags = struct.unpack('>I', b[20:24])[0] if ver>=3 else 0
    nodesz = 22 if ver>=2 else 14
    def name(off):
        n = struct.unpack('>H', b[names+off:names+off+2])[0]
        return b[names+off+6:names+off+6+2*n].decode('utf-16-be')
    def walk(idx, prefix):
        o = tree + idx*nodesz
        noff, fl = struct.unpack('>IH', b[o:o+6])
        nm = name(noff) if idx else ''
        p = os.path.join(prefix, nm)
        if fl & 2:
            cnt, first = struct.unpack('>II', b[o+6:o+14])
            for i in range(cnt): walk(first+i, p)
        else:
            doff = struct.unpack('>I', b[o+10:o+14])[0]
            sz = struct.unpack('>I', b[data+doff:data+doff+4])[0]
            d = b[data+doff+4:data+doff+4+sz]
            if fl & 1: d = zlib.decompress(d[4:])
            elif fl & 4:
                print('zstd', p); return
            os.makedirs(os.path.dirname(outdir+'/'+p), exist_ok=True)
            open(outdir+'/'+p,'wb').write(d)
    walk(0, '')
for f in sys.argv[2:]:
    extract(f, sys.argv[1])
