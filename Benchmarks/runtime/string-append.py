# `s += "x"` in a loop: run at N and 2N; linear time means about twice as long.
import sys


def main(n):
    s = ""
    for _ in range(n):
        s += "x"
    print(len(s))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
