import sys, collections
def load(path, reqs):
    leaf = collections.Counter(); incl = collections.Counter(); total=0
    for line in open(path):
        line=line.rstrip('\n')
        if not line: continue
        stack, n = line.rsplit(' ',1); n=int(n); total+=n
        frames = stack.split(';')
        leaf[frames[-1]] += n
        for f in set(frames): incl[f]+=n
    k = 1000.0/reqs
    return {f:v*k for f,v in leaf.items()}, {f:v*k for f,v in incl.items()}, total*k
a = load(sys.argv[1], int(sys.argv[2])); b = load(sys.argv[3], int(sys.argv[4]))
mode = sys.argv[5] if len(sys.argv)>5 else 'leaf'
i = 0 if mode=='leaf' else 1
print('total', round(a[2],2), round(b[2],2))
keys = set(a[i])|set(b[i])
flt = sys.argv[6] if len(sys.argv)>6 else ''
rows = sorted(keys, key=lambda f: -(b[i].get(f,0)-a[i].get(f,0)))
for f in rows[:40]:
    if flt and flt not in f: continue
    print('%+.3f  %.3f %.3f  %s' % (b[i].get(f,0)-a[i].get(f,0), a[i].get(f,0), b[i].get(f,0), f[:150]))
