# Makes /tmp/big10k: 10,000 JPEGs of 1-4 megapixels (random 70-100% crops of the originals of near-duplicate sets A
# and B in /tmp/big-src, scaled to a random area, brightness x0.9-1.1, quality 70-95), for the dedup FOLDER benchmark
# in BENCHMARKS.md. Needs python3-pil (apt-get install python3-pil); about 17 minutes on one core.
import os, random, sys
from PIL import Image, ImageEnhance
src = sorted(os.listdir('/tmp/big-src'))
out = '/tmp/big10k'
os.makedirs(out, exist_ok=True)
rnd = random.Random(11)
cache = {}
for i in range(10000):
    name = src[i * len(src) // 10000]
    if name not in cache:
        cache.clear()
        im = Image.open(os.path.join('/tmp/big-src', name)).convert('RGB')
        cache[name] = im
    im = cache[name]
    w, h = im.size
    f = rnd.uniform(0.7, 1.0)
    cw, ch = int(w * f), int(h * f)
    x, y = rnd.randint(0, w - cw), rnd.randint(0, h - ch)
    c = im.crop((x, y, x + cw, y + ch))
    area = rnd.uniform(1.0e6, 4.0e6)
    s = (area / (cw * ch)) ** 0.5
    c = c.resize((max(1, int(cw * s)), max(1, int(ch * s))), Image.BILINEAR)
    c = ImageEnhance.Brightness(c).enhance(rnd.uniform(0.9, 1.1))
    d = os.path.join(out, 'd%02d' % (i // 500))
    os.makedirs(d, exist_ok=True)
    c.save(os.path.join(d, 'p%05d.jpg' % i), quality=rnd.randint(70, 95))
    if i % 1000 == 0:
        print(i, flush=True)
