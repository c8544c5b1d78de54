#!/usr/bin/env python3
"""Re-run an EvalCred draw (evalcred-draw-v1) from its published inputs, without Go:
   python3 draw.py SEED COUNT ID,ID,ID...   (the pool as published, ascending)
Prints the drawn ids in order; they must equal the published result."""
import sys
# independent re-implementation, to check the documented algorithm
import hashlib,struct
def draw(seed,pool,count):
    ph=hashlib.sha256(",".join(map(str,pool)).encode()).hexdigest()
    words=[];ctr=[0]
    def word():
        if not words:
            b=hashlib.sha256(seed.encode()+ph.encode()+struct.pack(">Q",ctr[0])).digest(); ctr[0]+=1
            words.extend(struct.unpack(">4Q",b))
        return words.pop(0)
    def uni(n):
        rem=(2**64)%n
        while True:
            w=word()
            if w < 2**64-rem: return w%n
    a=list(pool)
    for i in range(count):
        j=i+uni(len(a)-i); a[i],a[j]=a[j],a[i]
    return a[:count]
if __name__ == "__main__":
    seed, count, ids = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",") if x]
    print(",".join(map(str, draw(seed, ids, count))))
