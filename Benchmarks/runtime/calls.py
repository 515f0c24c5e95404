# 100k calls of a small function.
import sys


def add(x, y):
    return x + y


def main(n):
    total = 0
    for i in range(n):
        total = add(total, i)
    print(total)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
