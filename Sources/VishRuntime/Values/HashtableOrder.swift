/// The order a .NET System.Collections.Hashtable enumerates its entries in, for tables
/// whose keys are all Int32 or Int64: their hash codes are their values (not per-process
/// like strings'), so pwsh prints `@{1='a';2='b';3='c'}` as 3, 2, 1 on every machine.
/// Replays the insertions into Hashtable's buckets: a prime size from the initial
/// capacity (a literal's is its entry count), double hashing, expansion to the next prime
/// past twice the size once the count reaches 72% of it, rehashing in bucket order, and
/// enumeration from the last bucket down (Hashtable.cs, HashHelpers.cs).
enum HashtableOrder {
    /// Indices of `keys` (in insertion order) in enumeration order; nil unless every key
    /// is an integer.
    static func permutation(_ keys: [Value], capacity: Int) -> [Int]? {
        var hashes: [UInt32] = []
        hashes.reserveCapacity(keys.count)
        for k in keys {
            switch k {
            case .int(let i): hashes.append(UInt32(bitPattern: i) & 0x7FFF_FFFF)
            case .long(let l): hashes.append(UInt32(truncatingIfNeeded: l ^ (l >> 32)) & 0x7FFF_FFFF)
            default: return nil
            }
        }
        let raw = Double(capacity) / 0.72
        var size = raw > 3 ? prime(atLeast: Int(raw)) : 3
        var buckets = [Int](repeating: -1, count: size)
        var loadSize = Int(0.72 * Double(size))
        func put(_ entry: Int, _ table: inout [Int]) {
            let n = UInt32(table.count), seed = hashes[entry]
            let step = Int(1 + (seed &* 101) % (n - 1))
            var b = Int(seed % n)
            while table[b] >= 0 { b = (b + step) % Int(n) }
            table[b] = entry
        }
        for entry in hashes.indices {
            if entry >= loadSize {
                size = prime(atLeast: 2 * size)
                var bigger = [Int](repeating: -1, count: size)
                for old in buckets where old >= 0 { put(old, &bigger) }
                buckets = bigger
                loadSize = Int(0.72 * Double(size))
            }
            put(entry, &buckets)
        }
        return buckets.reversed().filter { $0 >= 0 }
    }

    /// HashHelpers.GetPrime: the first of its primes at least `n`, else the next prime
    /// whose predecessor is not a multiple of 101.
    static func prime(atLeast n: Int) -> Int {
        if let p = primes.first(where: { $0 >= n }) { return p }
        var c = n | 1
        while !isPrime(c) || (c - 1) % 101 == 0 { c += 2 }
        return c
    }

    private static func isPrime(_ c: Int) -> Bool {
        if c & 1 == 0 { return c == 2 }
        var d = 3
        while d * d <= c {
            if c % d == 0 { return false }
            d += 2
        }
        return true
    }

    private static let primes = [3, 7, 11, 17, 23, 29, 37, 47, 59, 71, 89, 107, 131, 163, 197, 239, 293, 353, 431, 521, 631,
                                 761, 919, 1103, 1327, 1597, 1931, 2333, 2801, 3371, 4049, 4861, 5839, 7013, 8419, 10103,
                                 12143, 14591, 17519, 21023, 25229, 30293, 36353, 43627, 52361, 62851, 75431, 90523, 108631,
                                 130363, 156437, 187751, 225307, 270371, 324449, 389357, 467237, 560689, 672827, 807403,
                                 968897, 1162687, 1395263, 1674319, 2009191, 2411033, 2893249, 3471899, 4166287, 4999559,
                                 5999471, 7199369]
}
