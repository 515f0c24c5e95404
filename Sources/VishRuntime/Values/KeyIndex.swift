/// Where each key of a hashtable (or each property of a custom object) sits in its
/// ordered arrays: open addressing over (hash, position) pairs, probed as CPython's dict
/// probes (the first bucket from the hash's low bits, then a sequence the hash's high
/// bits perturb). Integers hash to themselves, as in .NET and CPython: keys counted up
/// in a loop land in neighbouring buckets (a 1M-key table is mostly cache misses with a
/// mixed hash), and the perturbation keeps strided keys (multiples of 4096) from piling up.
/// Swift's Dictionary would run every key through SipHash and copy a HashKey per probe;
/// that was most of the cost of `$h[$k]`. Keys compare as HashKey compares them
/// (strings ignoring case, numbers by value within their .NET type).
struct KeyIndex {
    /// The buckets, shared between copies until one of them changes (copy on write).
    private var buckets: Buckets?
    private var used = 0
    /// String keys compare exactly (Group-Object -AsHashTable -CaseSensitive).
    let caseSensitive: Bool

    init(caseSensitive: Bool = false) { self.caseSensitive = caseSensitive }

    var isEmpty: Bool { used == 0 }

    /// A key's hash under this index's comparison.
    @inline(__always) func hash(_ v: Value) -> UInt64 { Self.hash(v, caseSensitive: caseSensitive) }

    /// A key's hash under either comparison (static, so that no copy of an index is made
    /// to compute one: a copy retains its buckets).
    @inline(__always) static func hash(_ v: Value, caseSensitive: Bool) -> UInt64 {
        if caseSensitive, case .string(let s) = v { return mix(fnv(s)) | (1 << 63) }
        return hash(v)
    }

    /// The position of `key` among `ks`, if present. Mutating only in name: called on an
    /// index where it is stored, it reads it there instead of on a (retaining) copy.
    @inline(__always) mutating func find(_ key: Value, hash h: UInt64, keys ks: UnsafeBufferPointer<Value>) -> Int? {
        guard buckets != nil else { return nil }
        // The buckets are read through their pointer, not retained: `self` holds them.
        let (base, count) = withUnsafeMutablePointer(to: &buckets) { p in
            Unmanaged.passUnretained(p.pointee.unsafelyUnwrapped)._withUnsafeGuaranteedRef { ($0.base, $0.count) }
        }
        var probe = Probe(h, count - 1)
        while true {
            let bucket = base[probe.bucket]
            if bucket.hash == 0 { return nil }
            if bucket.hash == h {
                let p = Int(bucket.position)
                if caseSensitive, case .string(let a) = ks[p], case .string(let k) = key {
                    if a == k { return p }
                } else if Self.same(ks[p], key) {
                    return p
                }
            }
            probe.next()
        }
    }

    /// Records that `key` (not yet present) sits at `position`.
    mutating func insert(_ key: Value, at position: Int) {
        insert(hash: hash(key), at: position)
    }

    mutating func insert(hash h: UInt64, at position: Int) {
        let count = buckets?.count ?? 0
        if (used + 1) * 4 > count * 3 {
            grow()
        } else if !isKnownUniquelyReferenced(&buckets!) {
            buckets = buckets!.copy()
        }
        let b = buckets.unsafelyUnwrapped
        var probe = Probe(h, b.count - 1)
        while b.base[probe.bucket].hash != 0 { probe.next() }
        b.base[probe.bucket] = Bucket(hash: h, position: Int32(truncatingIfNeeded: position))
        used += 1
    }

    /// Forgets the entry at `position` (its bucket becomes a tombstone that lookups step over).
    mutating func remove(hash h: UInt64, at position: Int) {
        guard buckets != nil else { return }
        if !isKnownUniquelyReferenced(&buckets!) { buckets = buckets!.copy() }
        let b = buckets.unsafelyUnwrapped
        var probe = Probe(h, b.count - 1)
        while b.base[probe.bucket].hash != 0 {
            let i = probe.bucket
            if b.base[i].hash == h && Int(b.base[i].position) == position {
                b.base[i].hash = Self.tombstone
                return
            }
            probe.next()
        }
    }

    /// A removed entry's bucket: not empty (probes go on), never a key's hash (top bit clear).
    private static let tombstone: UInt64 = 1

    /// Indexes `keys` afresh (after a removal shifted positions).
    mutating func rebuild(_ keys: [Value]) {
        self = KeyIndex(caseSensitive: caseSensitive)
        for (p, k) in keys.enumerated() where !(k.asObject is RemovedEntry) { insert(k, at: p) }
    }

    private mutating func grow() {
        let old = buckets
        buckets = Buckets(count: max(8, (old?.count ?? 0) * 2))
        used = 0
        guard let old else { return }
        for i in 0..<old.count where old.base[i].hash > Self.tombstone {
            insert(hash: old.base[i].hash, at: Int(old.base[i].position))
        }
    }

    struct Bucket {
        /// 0 marks an empty bucket; stored hashes always have the top bit set.
        var hash: UInt64
        var position: Int32
    }

    /// One allocation of buckets (hash and position side by side: one cache line a probe).
    final class Buckets {
        let base: UnsafeMutablePointer<Bucket>
        let count: Int
        init(count: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: Bucket(hash: 0, position: 0), count: count)
        }
        func copy() -> Buckets {
            let c = Buckets(count: count)
            c.base.update(from: base, count: count)
            return c
        }
        deinit { base.deallocate() }
    }

    /// A key's hash: its identity's bits, mixed (murmur3's finalizer), top bit set.
    @inline(__always) static func hash(_ v: Value) -> UInt64 {
        let bits: UInt64
        switch v {
        case .int(let i): bits = UInt64(bitPattern: Int64(i))
        case .long(let l): bits = UInt64(bitPattern: l)
        case .double(let d): bits = mix((d == 0 ? 0 : d.bitPattern) ^ 0x400)
        case .string(let s): bits = mix(foldedHash(s))
        case .bool(let b): bits = mix(b ? 0x601 : 0x600)
        case .null: bits = 0x9e3779b97f4a7c15
        default: bits = mix(UInt64(bitPattern: Int64(HashKey(v).hashValue)))
        }
        return bits | (1 << 63)
    }

    @inline(__always) static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.long(let x), .long(let y)): return x == y
        case (.string(let x), .string(let y)): return HashKey.sameIgnoringCase(x, y)
        default: return HashKey(a) == HashKey(b)
        }
    }

    /// FNV-1a over the case-folded bytes (ASCII without allocating).
    @inline(__always) static func foldedHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 {
            if b >= 0x80 { return fnv(s.lowercased()) }
            h = (h ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* 0x100000001b3
        }
        return h
    }

    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    /// CPython's probe sequence: i = 5i + 1 + perturb, perturb shifted down 5 bits each
    /// step; it visits every bucket of a power-of-two table once perturb reaches zero.
    struct Probe {
        private var i: UInt64
        private var perturb: UInt64
        private let mask: UInt64
        @inline(__always) init(_ h: UInt64, _ mask: Int) {
            // The top bit is the "stored" marker, not part of the hash.
            perturb = h & ~(1 << 63)
            self.mask = UInt64(mask)
            i = perturb & self.mask
        }
        @inline(__always) var bucket: Int { Int(truncatingIfNeeded: i) }
        @inline(__always) mutating func next() {
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
    }

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k &*= 0xff51afd7ed558ccd
        k ^= k >> 33
        k &*= 0xc4ceb9fe1a85ec53
        k ^= k >> 33
        return k
    }
}
