/// The datastore's catalogue (FORMAT.md, "The catalogue"): what layers and disks exist,
/// kept as a journal of transactions, each committed by appending it and syncing.
public struct CatalogueState: Equatable, Sendable {
    public struct Layer: Equatable, Sendable {
        public var id: UInt64
        /// 0: a base layer.
        public var parent: UInt64
        public var parentGeneration: UInt64
        public var virtualSize: UInt64
        public var frozen: Bool
    }

    public enum Provisioning: UInt8, Sendable { case thin = 0, thickLazy = 1, thickEager = 2 }

    public struct Disk: Equatable, Sendable {
        public var name: String
        public var top: UInt64
        public var provisioning: Provisioning
        /// Bytes held for a thick disk (its virtual size); 0 for thin.
        public var reserved: UInt64
        /// The frozen layers the disk keeps as its snapshots, oldest first.
        public var snapshots: [UInt64] = []
    }

    public var capacity: UInt64 = 0
    public var nextLayerID: UInt64 = 1
    public var layers: [UInt64: Layer] = [:]
    public var disks: [String: Disk] = [:]
    /// A consolidation under way: the child's runs are being merged into the parent
    /// (opening finishes it).
    public var merging: (parent: UInt64, child: UInt64)?

    public static func == (a: CatalogueState, b: CatalogueState) -> Bool {
        a.capacity == b.capacity && a.nextLayerID == b.nextLayerID && a.layers == b.layers && a.disks == b.disks
            && a.merging?.parent == b.merging?.parent && a.merging?.child == b.merging?.child
    }

    public enum Change: Equatable, Sendable {
        case setCapacity(UInt64)
        case createLayer(Layer)
        case freezeLayer(UInt64)
        case deleteLayer(UInt64)
        case createDisk(Disk)
        case setTop(disk: String, layer: UInt64)
        case deleteDisk(String)
        case addSnapshot(disk: String, layer: UInt64)
        case removeSnapshot(disk: String, layer: UInt64)
        /// A frozen layer that takes writes again (the only child merged into it).
        case thawLayer(UInt64)
        case beginMerge(parent: UInt64, child: UInt64)
        case endMerge
        /// Keeps layer numbers from coming back after the highest was deleted (checkpoints).
        case setNextLayerID(UInt64)
    }

    public mutating func apply(_ change: Change) {
        switch change {
        case .setCapacity(let c): capacity = c
        case .createLayer(let l):
            layers[l.id] = l
            nextLayerID = max(nextLayerID, l.id + 1)
        case .freezeLayer(let id): layers[id]?.frozen = true
        case .deleteLayer(let id): layers[id] = nil
        case .createDisk(let d): disks[d.name] = d
        case .setTop(let name, let layer): disks[name]?.top = layer
        case .deleteDisk(let name): disks[name] = nil
        case .addSnapshot(let name, let layer): disks[name]?.snapshots.append(layer)
        case .removeSnapshot(let name, let layer): disks[name]?.snapshots.removeAll { $0 == layer }
        case .thawLayer(let id): layers[id]?.frozen = false
        case .beginMerge(let parent, let child): merging = (parent, child)
        case .endMerge: merging = nil
        case .setNextLayerID(let n): nextLayerID = max(nextLayerID, n)
        }
    }

    /// The changes that make this state from nothing: a compacted catalogue's one record.
    public var checkpoint: [Change] {
        var out: [Change] = [.setCapacity(capacity), .setNextLayerID(nextLayerID)]
        out += layers.keys.sorted().map { .createLayer(layers[$0]!) }
        for name in disks.keys.sorted() {
            let d = disks[name]!
            out.append(.createDisk(Disk(name: d.name, top: d.top, provisioning: d.provisioning, reserved: d.reserved)))
            out += d.snapshots.map { .addSnapshot(disk: name, layer: $0) }
        }
        if let m = merging { out.append(.beginMerge(parent: m.parent, child: m.child)) }
        return out
    }

    /// How many children and disks hold each layer (derived, never stored).
    public var referenceCounts: [UInt64: Int] {
        var counts: [UInt64: Int] = [:]
        for l in layers.values where l.parent != 0 { counts[l.parent, default: 0] += 1 }
        for d in disks.values {
            counts[d.top, default: 0] += 1
            for s in d.snapshots { counts[s, default: 0] += 1 }
        }
        return counts
    }

    /// A layer's chain, top first.
    public func chain(from top: UInt64) -> [UInt64] {
        var out: [UInt64] = []
        var id = top
        while id != 0, let l = layers[id], out.count <= layers.count {
            out.append(id)
            id = l.parent
        }
        return out
    }
}

/// The journal file: a header, then records `length u32 | sequence u64 | changes | CRC-32C`.
/// When the records after the first outweigh it 4:1 (and the file passes
/// `compactionFloor`), the journal is rewritten as one checkpoint record in `catalog.new`,
/// which replaces it by rename.
public final class Catalogue {
    public static let path = "catalog"
    public static let newPath = "catalog.new"
    static let magic: [UInt8] = Array("VSHCAT01".utf8)

    public let storage: Storage
    public private(set) var state: CatalogueState
    /// Where the next record goes.
    private var end: UInt64
    /// The next record's sequence number (it moves on with every commit).
    public private(set) var sequence: UInt64
    /// The first record's size (the checkpoint's, after a compaction).
    private var firstRecord: UInt64
    /// No compaction below this many bytes.
    public var compactionFloor: UInt64 = 64 << 10
    /// A compaction renamed the file and the directory is not synced yet: the next commit
    /// syncs it before it counts.
    private var renameUnsynced = false
    /// A record was written but its sync failed: whether it counts is known only by
    /// opening the journal again, so no more records go after it.
    public private(set) var isPoisoned = false

    public enum Failure: Error, Equatable { case notACatalogue, damagedHeader }

    private init(storage: Storage, state: CatalogueState, end: UInt64, sequence: UInt64, firstRecord: UInt64) {
        self.storage = storage
        self.state = state
        self.end = end
        self.sequence = sequence
        self.firstRecord = firstRecord
    }

    static var header: [UInt8] {
        var header = magic + [UInt8](repeating: 0, count: 8)
        MapPages.put(UInt32(1), into: &header, at: 8)
        MapPages.put(CRC32C.checksum(header[0..<12]), into: &header, at: 12)
        return header
    }

    static func record(_ sequence: UInt64, _ changes: [CatalogueState.Change]) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 8)
        MapPages.put(sequence, into: &body, at: 0)
        body += ChangeCoding.encode(changes)
        var record = [UInt8](repeating: 0, count: 4)
        MapPages.put(UInt32(body.count), into: &record, at: 0)
        record += body
        var crc = [UInt8](repeating: 0, count: 4)
        MapPages.put(CRC32C.checksum(body), into: &crc, at: 0)
        return record + crc
    }

    public static func create(_ storage: Storage, capacity: UInt64) throws -> Catalogue {
        let header = Self.header
        try storage.write(path, at: 0, header)
        try storage.sync(path)
        try storage.syncDirectory()
        let c = Catalogue(storage: storage, state: CatalogueState(), end: UInt64(header.count), sequence: 1, firstRecord: 0)
        try c.commit([.setCapacity(capacity)])
        return c
    }

    /// Replays the journal up to its first torn or stale record.
    public static func open(_ storage: Storage) throws -> Catalogue {
        let size = try storage.size(path)
        let bytes = try storage.read(path, at: 0, count: Int(size))
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw Failure.notACatalogue }
        guard MapPages.get32(bytes, 12) == CRC32C.checksum(bytes[0..<12]) else { throw Failure.damagedHeader }
        var state = CatalogueState()
        var at = 16
        var sequence: UInt64 = 1
        var firstRecord: UInt64 = 0
        while at + 16 <= bytes.count {
            let length = Int(MapPages.get32(bytes, at))
            guard length >= 8, at + 4 + length + 4 <= bytes.count else { break }
            let body = Array(bytes[(at + 4)..<(at + 4 + length)])
            guard MapPages.get32(bytes, at + 4 + length) == CRC32C.checksum(body),
                  MapPages.get64(body, 0) == sequence,
                  let changes = ChangeCoding.decode(Array(body[8...])) else { break }
            for c in changes { state.apply(c) }
            if sequence == 1 { firstRecord = UInt64(4 + length + 4) }
            sequence += 1
            at += 4 + length + 4
        }
        return Catalogue(storage: storage, state: state, end: UInt64(at), sequence: sequence, firstRecord: firstRecord)
    }

    /// Appends one transaction and syncs: when this returns, the changes are committed.
    public func commit(_ changes: [CatalogueState.Change]) throws {
        if isPoisoned { throw Datastore.Failure.needsReopen }
        let record = Self.record(sequence, changes)
        try storage.write(Self.path, at: end, record)
        do {
            try storage.sync(Self.path)
            if renameUnsynced {
                try storage.syncDirectory()
                renameUnsynced = false
            }
        } catch {
            isPoisoned = true
            throw error
        }
        for c in changes { state.apply(c) }
        if sequence == 1 { firstRecord = UInt64(record.count) }
        end += UInt64(record.count)
        sequence += 1
        if end > compactionFloor && end - UInt64(Self.header.count) - firstRecord > 4 * firstRecord {
            // The commit stands whatever happens here: a compaction that fails leaves the
            // journal as it was.
            try? compact()
        }
    }

    /// Rewrites the journal as one checkpoint record: `catalog.new` is written and synced,
    /// renamed over `catalog`, and the directory synced. A crash before the rename leaves
    /// the old journal (and a `catalog.new` that opening removes); after it, either file
    /// holds the same state.
    public func compact() throws {
        let header = Self.header, checkpoint = Self.record(1, state.checkpoint)
        if storage.exists(Self.newPath) { try storage.remove(Self.newPath) }
        try storage.write(Self.newPath, at: 0, header + checkpoint)
        try storage.sync(Self.newPath)
        try storage.rename(Self.newPath, to: Self.path)
        end = UInt64(header.count + checkpoint.count)
        sequence = 2
        firstRecord = UInt64(checkpoint.count)
        renameUnsynced = true
        try storage.syncDirectory()
        renameUnsynced = false
    }
}

/// The changes of a transaction as bytes.
enum ChangeCoding {
    static func encode(_ changes: [CatalogueState.Change]) -> [UInt8] {
        var w = Writer()
        w.u32(UInt32(changes.count))
        for c in changes {
            switch c {
            case .setCapacity(let v): w.u8(1); w.u64(v)
            case .createLayer(let l):
                w.u8(2); w.u64(l.id); w.u64(l.parent); w.u64(l.parentGeneration); w.u64(l.virtualSize); w.u8(l.frozen ? 1 : 0)
            case .freezeLayer(let id): w.u8(3); w.u64(id)
            case .deleteLayer(let id): w.u8(4); w.u64(id)
            case .createDisk(let d): w.u8(5); w.string(d.name); w.u64(d.top); w.u8(d.provisioning.rawValue); w.u64(d.reserved)
            case .setTop(let name, let layer): w.u8(6); w.string(name); w.u64(layer)
            case .deleteDisk(let name): w.u8(7); w.string(name)
            case .addSnapshot(let name, let layer): w.u8(8); w.string(name); w.u64(layer)
            case .removeSnapshot(let name, let layer): w.u8(9); w.string(name); w.u64(layer)
            case .thawLayer(let id): w.u8(10); w.u64(id)
            case .beginMerge(let parent, let child): w.u8(11); w.u64(parent); w.u64(child)
            case .endMerge: w.u8(12)
            case .setNextLayerID(let n): w.u8(13); w.u64(n)
            }
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) -> [CatalogueState.Change]? {
        var r = Reader(bytes: bytes)
        guard let n = r.u32() else { return nil }
        var out: [CatalogueState.Change] = []
        for _ in 0..<n {
            guard let tag = r.u8() else { return nil }
            switch tag {
            case 1: guard let v = r.u64() else { return nil }; out.append(.setCapacity(v))
            case 2:
                guard let id = r.u64(), let p = r.u64(), let g = r.u64(), let s = r.u64(), let f = r.u8() else { return nil }
                out.append(.createLayer(.init(id: id, parent: p, parentGeneration: g, virtualSize: s, frozen: f != 0)))
            case 3: guard let id = r.u64() else { return nil }; out.append(.freezeLayer(id))
            case 4: guard let id = r.u64() else { return nil }; out.append(.deleteLayer(id))
            case 5:
                guard let name = r.string(), let top = r.u64(), let p = r.u8(), let prov = CatalogueState.Provisioning(rawValue: p),
                      let reserved = r.u64() else { return nil }
                out.append(.createDisk(.init(name: name, top: top, provisioning: prov, reserved: reserved)))
            case 6: guard let name = r.string(), let layer = r.u64() else { return nil }; out.append(.setTop(disk: name, layer: layer))
            case 7: guard let name = r.string() else { return nil }; out.append(.deleteDisk(name))
            case 8: guard let name = r.string(), let layer = r.u64() else { return nil }; out.append(.addSnapshot(disk: name, layer: layer))
            case 9: guard let name = r.string(), let layer = r.u64() else { return nil }; out.append(.removeSnapshot(disk: name, layer: layer))
            case 10: guard let id = r.u64() else { return nil }; out.append(.thawLayer(id))
            case 11: guard let parent = r.u64(), let child = r.u64() else { return nil }; out.append(.beginMerge(parent: parent, child: child))
            case 12: out.append(.endMerge)
            case 13: guard let n = r.u64() else { return nil }; out.append(.setNextLayerID(n))
            default: return nil
            }
        }
        return r.atEnd ? out : nil
    }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func u8(_ v: UInt8) { bytes.append(v) }
        mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        mutating func u64(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        mutating func string(_ s: String) { let u = Array(s.utf8); u32(UInt32(u.count)); bytes += u }
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at == bytes.count }
        mutating func u8() -> UInt8? { guard at < bytes.count else { return nil }; defer { at += 1 }; return bytes[at] }
        mutating func u32() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            defer { at += 4 }
            return MapPages.get32(bytes, at)
        }
        mutating func u64() -> UInt64? {
            guard at + 8 <= bytes.count else { return nil }
            defer { at += 8 }
            return MapPages.get64(bytes, at)
        }
        mutating func string() -> String? {
            guard let n = u32(), at + Int(n) <= bytes.count else { return nil }
            defer { at += Int(n) }
            return String(decoding: bytes[at..<(at + Int(n))], as: UTF8.self)
        }
    }
}
