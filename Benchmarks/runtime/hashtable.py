# 1M dict inserts, then 1M lookups.
import sys


def main(n):
    h = {}
    for i in range(n):
        h[i] = i
    total = 0
    for i in range(n):
        total += h[i]
    print(f"{len(h)} {total}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
