import Foundation

/// A datastore (FORMAT.md): the catalogue and the layer files. Disks are chains of
/// layers; a disk's top layer takes its writes; frozen layers are shared by the disks and
/// snapshots above them. Each operation writes and syncs its layer files first and commits
/// by one catalogue record.
public final class Datastore {
    public let storage: Storage
    public let catalogue: Catalogue
    private var layerFiles: [UInt64: LayerFile] = [:]
    /// The merged views of frozen layers' chains (ChainView), built on first read.
    var views: [UInt64: ChainView] = [:]
    /// The usage as of catalogue sequence `.0`, kept up to date by writes (each would
    /// otherwise visit every layer); anything else that changes a layer drops it.
    var usageCache: (UInt64, Usage)?
    public static let grainSize = UInt64(LayerFile.grainSize)

    public enum Failure: Error, Equatable {
        case diskExists(String)
        case noSuchDisk(String)
        case noSuchLayer(UInt64)
        case notFrozen(UInt64)
        case outOfRange(disk: String, end: UInt64, size: UInt64)
        case outOfSpace(needed: UInt64, free: UInt64)
        case badSize(UInt64)
        case noSuchSnapshot(disk: String, layer: UInt64)
        case tooManyOrigins(UInt64)
    }

    private init(storage: Storage, catalogue: Catalogue) {
        self.storage = storage
        self.catalogue = catalogue
    }

    public static func create(_ storage: Storage, capacity: UInt64) throws -> Datastore {
        Datastore(storage: storage, catalogue: try Catalogue.create(storage, capacity: capacity))
    }

    /// The datastore as its catalogue says; layer files no catalogue entry names (made by an
    /// operation that did not commit, or left by a delete that did) are removed, and a
    /// merge a crash interrupted is finished. `repairing: false` changes nothing (a checker's
    /// view: `check()` then reports both).
    public static func open(_ storage: Storage, repairing: Bool = true) throws -> Datastore {
        let store = Datastore(storage: storage, catalogue: try Catalogue.open(storage))
        guard repairing else { return store }
        // A consolidation a crash interrupted is finished first (it needs the child's file).
        try store.finishMerge()
        for file in try storage.list() where file.hasPrefix("L") && file.hasSuffix(".vly") {
            guard let id = UInt64(file.dropFirst().dropLast(4), radix: 16), store.state.layers[id] != nil else {
                try storage.remove(file)
                continue
            }
        }
        return store
    }

    public var state: CatalogueState { catalogue.state }

    /// A layer's file name: built from its number only.
    static func path(_ id: UInt64) -> String { "L" + String(id, radix: 16).leftPadding(16) + ".vly" }

    func layer(_ id: UInt64) throws -> LayerFile {
        if let l = layerFiles[id] { return l }
        guard let info = state.layers[id] else { throw Failure.noSuchLayer(id) }
        let l = try Self.openLayer(storage, info)
        layerFiles[id] = l
        return l
    }

    /// A layer's file, or the empty layer it is until its first commit.
    static func openLayer(_ storage: Storage, _ info: CatalogueState.Layer) throws -> LayerFile {
        let empty = Superblock(layerID: info.id, parentID: info.parent, parentGeneration: info.parentGeneration,
                               virtualSize: info.virtualSize, generation: 0)
        return try LayerFile.open(storage, path: path(info.id), empty: empty)
    }

    /// The merged view of a frozen layer and the layers below it.
    func view(_ frozen: UInt64) throws -> ChainView {
        if let v = views[frozen] { return v }
        let v = ChainView(try state.chain(from: frozen).map { try layer($0) })
        views[frozen] = v
        return v
    }

    private func disk(_ name: String) throws -> CatalogueState.Disk {
        guard let d = state.disks[name] else { throw Failure.noSuchDisk(name) }
        return d
    }

    func newLayer(parent: UInt64, size: UInt64) throws -> CatalogueState.Layer { try newLayerFile(parent: parent, size: size) }

    func commitMaking(_ changes: [CatalogueState.Change], _ made: [UInt64]) throws { try commit(changes, madeLayers: made) }

    /// A new layer, not yet in the catalogue (its file comes with its first commit).
    private func newLayerFile(parent: UInt64, size: UInt64) throws -> CatalogueState.Layer {
        let id = state.nextLayerID
        let generation = parent == 0 ? 0 : try layer(parent).superblock.generation
        let sb = Superblock(layerID: id, parentID: parent, parentGeneration: generation, virtualSize: size, generation: 0)
        layerFiles[id] = LayerFile.create(storage, path: Self.path(id), superblock: sb)
        return CatalogueState.Layer(id: id, parent: parent, parentGeneration: generation, virtualSize: size, frozen: false)
    }

    /// Commits `changes`; when that fails, the layer files made for them are removed.
    private func commit(_ changes: [CatalogueState.Change], madeLayers: [UInt64]) throws {
        do {
            try catalogue.commit(changes)
        } catch {
            for id in madeLayers {
                layerFiles[id] = nil
                try? storage.remove(Self.path(id))
            }
            throw error
        }
    }

    // MARK: Operations

    public func createDisk(_ name: String, size: UInt64, provisioning: CatalogueState.Provisioning = .thin) throws {
        guard state.disks[name] == nil else { throw Failure.diskExists(name) }
        guard size > 0 else { throw Failure.badSize(size) }
        let reserved = provisioning == .thin ? 0 : size
        let usage = self.usage()
        guard reserved <= usage.free else { throw Failure.outOfSpace(needed: reserved, free: usage.free) }
        let l = try newLayerFile(parent: 0, size: size)
        if provisioning == .thickEager {
            let file = try layer(l.id)
            try file.set(Run(first: 0, count: file.grainCount, kind: .zero, value: 0))
            try file.commit()
        }
        try commit([.createLayer(l), .createDisk(.init(name: name, top: l.id, provisioning: provisioning, reserved: reserved))],
                   madeLayers: [l.id])
    }

    /// Writes `bytes` at `offset`; grains written in part are read and patched first. With
    /// `flushing: false` the write waits for the next `flush` to become durable (a crash
    /// before it loses it, never mixes it: the committed state stays whole).
    public func write(_ name: String, at offset: UInt64, _ bytes: [UInt8], flushing: Bool = true) throws {
        try bytes.withUnsafeBytes { try write(name, at: offset, from: $0, flushing: flushing) }
    }

    public func write(_ name: String, at offset: UInt64, from bytes: UnsafeRawBufferPointer, flushing: Bool = true) throws {
        let d = try disk(name)
        let top = try layer(d.top)
        let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow, end <= top.superblock.virtualSize else { throw Failure.outOfRange(disk: name, end: end, size: top.superblock.virtualSize) }
        guard !bytes.isEmpty else { return }
        let G = Self.grainSize
        let firstGrain = offset / G, lastGrain = (end - 1) / G
        // New grains this layer will own: at most one per grain touched that it lacks.
        let held = top.map.runs(in: firstGrain, lastGrain + 1).reduce(UInt64(0)) { $0 + ($1.kind == .data ? $1.count : 0) }
        let needed = (lastGrain + 1 - firstGrain - held) * G
        let before = top.map.grainCounts
        var usage = usageCache?.0 == catalogue.sequence ? usageCache!.1 : self.usage()
        let reservedHere = d.provisioning == .thin ? 0 : needed    // a thick disk writes into its reservation
        guard needed - reservedHere <= usage.free else { throw Failure.outOfSpace(needed: needed, free: usage.free) }
        do {
            var g = firstGrain
            while g <= lastGrain {
                let grainStart = g * G
                let fullEnd = end / G    // grains before this one are covered to their end
                if offset <= grainStart && g < fullEnd {
                    let at = Int(grainStart - offset), n = Int(fullEnd - g) * Int(G)
                    try top.write(grains: g, count: fullEnd - g, from: UnsafeRawBufferPointer(rebasing: bytes[at ..< at + n]))
                    g = fullEnd
                    continue
                }
                var grain = try readGrain(d.top, g)
                let from = max(offset, grainStart), to = min(end, grainStart + G)
                grain.withUnsafeMutableBytes {
                    $0.baseAddress!.advanced(by: Int(from - grainStart)).copyMemory(from: bytes.baseAddress! + Int(from - offset), byteCount: Int(to - from))
                }
                try top.write(grain: g, grain)
                g += 1
            }
            if flushing { try top.commit() }
        } catch {
            top.rollBack()
            usageCache = nil
            throw error
        }
        if d.provisioning == .thin {
            let after = top.map.grainCounts
            usage.allocated = usage.allocated + ((after.data + after.synthetic) - (before.data + before.synthetic)) * G
            let used = usage.allocated + usage.reserved
            usage.free = usage.capacity > used ? usage.capacity - used : 0
            usageCache = (catalogue.sequence, usage)
        } else {
            usageCache = nil
        }
    }

    /// Makes the disk's unflushed writes durable.
    public func flush(_ name: String) throws {
        let top = try layer(try disk(name).top)
        do { try top.commit() } catch { top.rollBack(); usageCache = nil; throw error }
    }

    public func read(_ name: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try read(name, at: offset, into: $0) }
        return out
    }

    /// Fills `buffer` with the disk's bytes from `offset`: each stretch from the layer that
    /// serves it, consecutive slots in one read.
    public func read(_ name: String, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        let d = try disk(name)
        let size = try layer(d.top).superblock.virtualSize
        let (end, overflow) = offset.addingReportingOverflow(UInt64(buffer.count))
        guard !overflow, end <= size else { throw Failure.outOfRange(disk: name, end: end, size: size) }
        guard !buffer.isEmpty else { return }
        let G = Self.grainSize
        try forEachSource(d.top, offset / G, (end - 1) / G + 1) { s in
            let from = max(offset, s.first * G), to = min(end, (s.first + s.count) * G)
            let dst = UnsafeMutableRawBufferPointer(rebasing: buffer[Int(from - offset) ..< Int(to - offset)])
            switch s.kind {
            case .zero: dst.initializeMemory(as: UInt8.self, repeating: 0)
            case .data: try storage.read(s.layer!.path, at: s.value * G + (from - s.first * G), into: dst)
            case .synthetic:
                let o = s.layer!.origins[Int(s.value)]
                var at = from
                while at < to {
                    let g = at / G, grain = Synthetic.grain(seed: o.seed, origin: o.disk, index: g)
                    let stop = min(to, (g + 1) * G)
                    grain.withUnsafeBytes { dst.baseAddress!.advanced(by: Int(at - from)).copyMemory(from: $0.baseAddress! + Int(at - g * G), byteCount: Int(stop - at)) }
                    at = stop
                }
            }
        }
    }

    /// A stretch of grains as a chain shows them: zeros (`layer` nil), or a run of `layer`.
    struct Source {
        var first: UInt64
        var count: UInt64
        var kind: Run.Kind
        var value: UInt64
        var layer: LayerFile?
    }

    /// Calls `body` for the stretches of grains `start ..< stop` as the chain from `top`
    /// shows them, in order: the top layer's runs, and in its gaps the view of the frozen
    /// chain below (one search each, whatever the depth).
    func forEachSource(_ top: UInt64, _ start: UInt64, _ stop: UInt64, _ body: (Source) throws -> Void) throws {
        let t = try layer(top)
        let parent = state.layers[top]?.parent ?? 0
        let below = parent == 0 ? nil : try view(parent)
        func gap(_ a: UInt64, _ b: UInt64) throws {
            guard a < b else { return }
            var at = a
            try below?.forEach(in: a, b) { p in
                if p.first > at { try body(Source(first: at, count: p.first - at, kind: .zero, value: 0, layer: nil)) }
                try body(Source(first: p.first, count: p.count, kind: p.kind, value: p.value, layer: below!.layers[p.layer]))
                at = p.end
            }
            if at < b { try body(Source(first: at, count: b - at, kind: .zero, value: 0, layer: nil)) }
        }
        var at = start
        for r in t.map.runs(in: start, stop) {
            try gap(at, r.first)
            try body(Source(first: r.first, count: r.count, kind: r.kind, value: r.value, layer: t))
            at = r.end
        }
        try gap(at, stop)
    }

    /// A grain as the chain from `top` shows it.
    func readGrain(_ top: UInt64, _ g: UInt64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: LayerFile.grainSize)
        try forEachSource(top, g, g + 1) { s in
            switch s.kind {
            case .zero: break
            case .data: try out.withUnsafeMutableBytes { try storage.read(s.layer!.path, at: s.value * Self.grainSize, into: $0) }
            case .synthetic:
                let o = s.layer!.origins[Int(s.value)]
                out = Synthetic.grain(seed: o.seed, origin: o.disk, index: g)
            }
        }
        return out
    }

    /// Freezes the disk's top layer and gives the disk a new empty top on it; returns the
    /// frozen layer (the snapshot's).
    @discardableResult
    public func snapshot(_ name: String) throws -> UInt64 {
        let d = try disk(name)
        let size = try layer(d.top).superblock.virtualSize
        let child = try newLayerFile(parent: d.top, size: size)
        try commit([.freezeLayer(d.top), .createLayer(child), .setTop(disk: name, layer: child.id),
                    .addSnapshot(disk: name, layer: d.top)], madeLayers: [child.id])
        return d.top
    }

    /// A new disk whose content starts as the frozen layer's and stores only its own writes.
    public func linkedClone(of frozen: UInt64, as name: String) throws {
        guard state.disks[name] == nil else { throw Failure.diskExists(name) }
        guard let base = state.layers[frozen] else { throw Failure.noSuchLayer(frozen) }
        guard base.frozen else { throw Failure.notFrozen(frozen) }
        let child = try newLayerFile(parent: frozen, size: base.virtualSize)
        try commit([.createLayer(child), .createDisk(.init(name: name, top: child.id, provisioning: .thin, reserved: 0))],
                   madeLayers: [child.id])
    }

    /// Drops the disk and every layer no other disk or layer needs any more.
    public func deleteDisk(_ name: String) throws {
        let d = try disk(name)
        var after = state
        after.apply(.deleteDisk(name))
        let gone = Self.unreferenced(from: [d.top] + d.snapshots, in: &after)
        try catalogue.commit([.deleteDisk(name)] + gone.map { .deleteLayer($0) })
        removeFiles(gone)
    }

    /// The layers that nothing references any more in `state`, starting from `starts` and
    /// going down their chains; removed from `state` as they are found.
    static func unreferenced(from starts: [UInt64], in state: inout CatalogueState) -> [UInt64] {
        var gone: [UInt64] = []
        var pending = starts
        while let id = pending.popLast() {
            guard id != 0, let l = state.layers[id], state.referenceCounts[id, default: 0] == 0 else { continue }
            gone.append(id)
            state.apply(.deleteLayer(id))
            pending.append(l.parent)
        }
        return gone
    }

    func removeFiles(_ ids: [UInt64]) {
        views = [:]
        for id in ids {
            layerFiles[id] = nil
            try? storage.remove(Self.path(id))
        }
    }

    // MARK: Checking

    /// Every invariant, each violation on its own line (empty: all hold).
    public func check() -> [String] {
        var problems: [String] = []
        let s = state
        if let (sequence, kept) = usageCache, sequence == catalogue.sequence, kept != usage() {
            problems.append("the space accounting kept by writes (\(kept)) differs from a recount (\(usage()))")
        }
        problems += accountingProblems()
        if let m = s.merging { problems.append("a merge of layer \(m.child) into layer \(m.parent) is under way (opening the datastore finishes it)") }
        for d in s.disks.values.sorted(by: { $0.name < $1.name }) {
            if s.layers[d.top] == nil { problems.append("disk \(d.name): top layer \(d.top) does not exist") }
            if s.layers[d.top]?.frozen == true { problems.append("disk \(d.name): top layer \(d.top) is frozen") }
        }
        let counts = s.referenceCounts
        for l in s.layers.values.sorted(by: { $0.id < $1.id }) {
            if l.parent != 0 {
                guard let p = s.layers[l.parent] else { problems.append("layer \(l.id): parent \(l.parent) does not exist"); continue }
                if !p.frozen { problems.append("layer \(l.id): parent \(l.parent) is not frozen") }
                if p.virtualSize != l.virtualSize { problems.append("layer \(l.id): size \(l.virtualSize), parent's \(p.virtualSize)") }
            }
            if counts[l.id, default: 0] == 0 { problems.append("layer \(l.id): nothing references it") }
            if s.chain(from: l.id).count > s.layers.count { problems.append("layer \(l.id): its chain loops") }
            do {
                let f = try Self.openLayer(storage, l)
                problems += f.check()
                if f.superblock.layerID != l.id { problems.append("layer \(l.id): its file says layer \(f.superblock.layerID)") }
                if f.superblock.parentID != l.parent { problems.append("layer \(l.id): its file names parent \(f.superblock.parentID)") }
                if l.parent != 0, s.merging == nil, let pl = s.layers[l.parent], let p = try? Self.openLayer(storage, pl),
                   p.superblock.generation != l.parentGeneration {
                    problems.append("layer \(l.id): made on generation \(l.parentGeneration) of layer \(l.parent), which is at \(p.superblock.generation)")
                }
            } catch {
                problems.append("layer \(l.id): its file does not open (\(error))")
            }
        }
        if let files = try? storage.list() {
            for file in files where file.hasPrefix("L") && file.hasSuffix(".vly") {
                if let id = UInt64(file.dropFirst().dropLast(4), radix: 16), s.layers[id] != nil { continue }
                problems.append("file \(file): no layer of the catalogue")
            }
        }
        return problems
    }
}

extension String {
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
