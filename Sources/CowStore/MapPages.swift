/// A map's runs as 4 KiB pages (FORMAT.md, "The map"): a 16-byte header (magic `VRUN`,
/// page number u32, run count u32, CRC-32C u32 of the rest of the page and the first 12
/// header bytes), then 21-byte records `first u64 | count u32 | kind u8 | value u64`.
/// A run longer than a record can say is written as several records.
public enum MapPages {
    public static let pageSize = 4096
    static let headerSize = 16
    static let recordSize = 21
    public static let recordsPerPage = (pageSize - headerSize) / recordSize
    static let magic: [UInt8] = Array("VRUN".utf8)

    public enum Failure: Error, Equatable {
        case notWholePages(byteCount: Int)
        case badMagic(page: Int)
        case badChecksum(page: Int)
        case wrongPageNumber(page: Int, found: UInt32)
        case badRecord(page: Int, record: Int)
        case runsOutOfOrder(page: Int, record: Int)
    }

    public static func encode(_ map: RunMap) -> [UInt8] {
        var records: [Run] = []
        for r in map.runs {
            var first = r.first, left = r.count, value = r.value
            while left > 0 {
                let n = min(left, UInt64(UInt32.max))
                records.append(Run(first: first, count: n, kind: r.kind, value: value))
                first += n
                left -= n
                if r.kind == .data { value += n }
            }
        }
        let pageCount = (records.count + recordsPerPage - 1) / recordsPerPage
        var out = [UInt8](repeating: 0, count: pageCount * pageSize)
        for p in 0..<pageCount {
            let base = p * pageSize
            let slice = records[(p * recordsPerPage)..<min(records.count, (p + 1) * recordsPerPage)]
            out.replaceSubrange(base..<base + 4, with: magic)
            put(UInt32(p), into: &out, at: base + 4)
            put(UInt32(slice.count), into: &out, at: base + 8)
            var at = base + headerSize
            for r in slice {
                put(r.first, into: &out, at: at)
                put(UInt32(r.count), into: &out, at: at + 8)
                out[at + 12] = r.kind.rawValue
                put(r.value, into: &out, at: at + 13)
                at += recordSize
            }
            put(pageChecksum(out, base), into: &out, at: base + 12)
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> RunMap {
        guard bytes.count % pageSize == 0 else { throw Failure.notWholePages(byteCount: bytes.count) }
        var runs: [Run] = []
        for p in 0..<(bytes.count / pageSize) {
            let base = p * pageSize
            guard Array(bytes[base..<base + 4]) == magic else { throw Failure.badMagic(page: p) }
            guard get32(bytes, base + 12) == pageChecksum(bytes, base) else { throw Failure.badChecksum(page: p) }
            let number = get32(bytes, base + 4)
            guard number == UInt32(p) else { throw Failure.wrongPageNumber(page: p, found: number) }
            let count = Int(get32(bytes, base + 8))
            guard count <= recordsPerPage else { throw Failure.badRecord(page: p, record: count) }
            for i in 0..<count {
                let at = base + headerSize + i * recordSize
                let n = UInt64(get32(bytes, at + 8))
                guard n > 0, let kind = Run.Kind(rawValue: bytes[at + 12]) else { throw Failure.badRecord(page: p, record: i) }
                let r = Run(first: get64(bytes, at), count: n, kind: kind, value: get64(bytes, at + 13))
                guard !r.first.addingReportingOverflow(r.count).overflow else { throw Failure.badRecord(page: p, record: i) }
                if let last = runs.last, last.end > r.first { throw Failure.runsOutOfOrder(page: p, record: i) }
                runs.append(r)
            }
        }
        guard let map = RunMap(runs: runs) else { throw Failure.runsOutOfOrder(page: 0, record: 0) }
        return map
    }

    /// The CRC-32C of a page: its first 12 bytes and everything after the header.
    static func pageChecksum(_ bytes: [UInt8], _ base: Int) -> UInt32 {
        var c = CRC32C()
        c.update(bytes[base..<base + 12])
        c.update(bytes[(base + headerSize)..<(base + pageSize)])
        return c.value
    }

    static func put(_ v: UInt32, into b: inout [UInt8], at i: Int) {
        for k in 0..<4 { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    static func put(_ v: UInt64, into b: inout [UInt8], at i: Int) {
        for k in 0..<8 { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
    }

    static func get32(_ b: [UInt8], _ i: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) }
    }

    static func get64(_ b: [UInt8], _ i: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) }
    }
}
