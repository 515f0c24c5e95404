# 100k string appends of a formatted string: `s += f"{i},"`.
import sys


def main(n):
    s = ""
    for i in range(n):
        s += f"{i},"
    print(f"{len(s)} {s[-8:]}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
