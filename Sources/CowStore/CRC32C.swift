/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41 reflected as 0x82F63B78), the checksum on
/// every piece of CowStore metadata: the one iSCSI, ext4 and btrfs use, chosen because it
/// detects the burst errors of torn writes better than CRC-32/IEEE at the same cost.
/// Slicing-by-8: eight bytes a step through eight 256-entry tables.
public struct CRC32C {
    private static let tables: [[UInt32]] = {
        var t = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[0][i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 { t[k][i] = (t[k - 1][i] >> 8) ^ t[0][Int(t[k - 1][i] & 0xFF)] }
        }
        return t
    }()

    /// The running state (inverted, as the algorithm keeps it).
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The checksum of `bytes` in one go.
    public static func checksum<B: Collection>(_ bytes: B) -> UInt32 where B.Element == UInt8 {
        var c = CRC32C()
        c.update(bytes)
        return c.value
    }

    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    public mutating func update<B: Collection>(_ bytes: B) where B.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) { return done }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        var c = state
        var i = 0
        let n = raw.count
        Self.tables.withUnsafeBufferPointer { t in
            let t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = t[6], t7 = t[7]
            while i + 8 <= n {
                let lo = c ^ (UInt32(raw[i]) | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2]) << 16 | UInt32(raw[i + 3]) << 24)
                let hi = UInt32(raw[i + 4]) | UInt32(raw[i + 5]) << 8 | UInt32(raw[i + 6]) << 16 | UInt32(raw[i + 7]) << 24
                c = t7[Int(lo & 0xFF)] ^ t6[Int((lo >> 8) & 0xFF)] ^ t5[Int((lo >> 16) & 0xFF)] ^ t4[Int(lo >> 24)]
                    ^ t3[Int(hi & 0xFF)] ^ t2[Int((hi >> 8) & 0xFF)] ^ t1[Int((hi >> 16) & 0xFF)] ^ t0[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                c = t0[Int((c ^ UInt32(raw[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        state = c
    }
}
