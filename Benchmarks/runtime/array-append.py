# `a += [i]` in a loop: run at N and 2N; linear time means about twice as long.
import sys


def main(n):
    a = []
    for i in range(n):
        a += [i]
    print(f"{len(a)} {a[-1]}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
