# Filtering and projecting 1M items through a generator pipeline: every third number
# becomes a dict, and a last stage adds them up.
import sys


def main(n):
    evens = (x for x in range(1, n + 1) if x % 3 == 0)
    objects = ({"Id": x, "Double": x * 2} for x in evens)
    count = total = 0
    for o in objects:
        count += 1
        total += o["Double"]
    print(f"{count} {total}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
