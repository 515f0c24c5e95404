# A counting loop: 10M iterations of `total += i`.
import sys


def main(n):
    total = 0
    for i in range(n):
        total += i
    print(total)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
