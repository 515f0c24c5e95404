# The work of pipeline.py with a plain for loop.
import sys


def main(n):
    count = total = 0
    for i in range(1, n + 1):
        if i % 3 == 0:
            o = {"Id": i, "Double": i * 2}
            count += 1
            total += o["Double"]
    print(f"{count} {total}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
