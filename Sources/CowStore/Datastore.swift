import Foundation

/// A datastore (FORMAT.md): the catalogue and the layer files. Disks are chains of
/// layers; a disk's top layer takes its writes; frozen layers are shared by the disks and
/// snapshots above them. Each operation writes and syncs its layer files first and commits
/// by one catalogue record.
public final class Datastore {
    public let storage: Storage
    public let catalogue: Catalogue
    private var layerFiles: [UInt64: LayerFile] = [:]
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
        guard state.layers[id] != nil else { throw Failure.noSuchLayer(id) }
        let l = try LayerFile.open(storage, path: Self.path(id))
        layerFiles[id] = l
        return l
    }

    private func disk(_ name: String) throws -> CatalogueState.Disk {
        guard let d = state.disks[name] else { throw Failure.noSuchDisk(name) }
        return d
    }

    func newLayer(parent: UInt64, size: UInt64) throws -> CatalogueState.Layer { try newLayerFile(parent: parent, size: size) }

    func commitMaking(_ changes: [CatalogueState.Change], _ made: [UInt64]) throws { try commit(changes, madeLayers: made) }

    /// A new layer file (synced), not yet in the catalogue.
    private func newLayerFile(parent: UInt64, size: UInt64) throws -> CatalogueState.Layer {
        let id = state.nextLayerID
        let generation = parent == 0 ? 0 : try layer(parent).superblock.generation
        let sb = Superblock(layerID: id, parentID: parent, parentGeneration: generation, virtualSize: size, generation: 0)
        let file = try LayerFile.create(storage, path: Self.path(id), superblock: sb)
        layerFiles[id] = file
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
        let d = try disk(name)
        let top = try layer(d.top)
        let end = offset + UInt64(bytes.count)
        guard end <= top.superblock.virtualSize else { throw Failure.outOfRange(disk: name, end: end, size: top.superblock.virtualSize) }
        guard !bytes.isEmpty else { return }
        let firstGrain = offset / Self.grainSize, lastGrain = (end - 1) / Self.grainSize
        // New grains this layer will own: at most one per grain touched that it lacks.
        let growth = (firstGrain...lastGrain).filter { if case .data = top.map.content(of: $0) { return false }; return true }.count
        let needed = UInt64(growth) * Self.grainSize
        let usage = self.usage()
        let reservedHere = d.provisioning == .thin ? 0 : needed    // a thick disk writes into its reservation
        guard needed - reservedHere <= usage.free else { throw Failure.outOfSpace(needed: needed, free: usage.free) }
        do {
            for g in firstGrain...lastGrain {
                let grainStart = g * Self.grainSize
                let from = max(offset, grainStart), to = min(end, grainStart + Self.grainSize)
                var grain = from == grainStart && to == grainStart + Self.grainSize ? [] : try readGrain(d.top, g)
                if grain.isEmpty {
                    grain = Array(bytes[Int(from - offset)..<Int(to - offset)])
                } else {
                    grain.replaceSubrange(Int(from - grainStart)..<Int(to - grainStart), with: bytes[Int(from - offset)..<Int(to - offset)])
                }
                try top.write(grain: g, grain)
            }
            if flushing { try top.commit() }
        } catch {
            top.rollBack()
            throw error
        }
    }

    /// Makes the disk's unflushed writes durable.
    public func flush(_ name: String) throws {
        let top = try layer(try disk(name).top)
        do { try top.commit() } catch { top.rollBack(); throw error }
    }

    public func read(_ name: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        let d = try disk(name)
        let size = try layer(d.top).superblock.virtualSize
        let end = offset + UInt64(count)
        guard end <= size else { throw Failure.outOfRange(disk: name, end: end, size: size) }
        var out = [UInt8]()
        out.reserveCapacity(count)
        var at = offset
        while at < end {
            let g = at / Self.grainSize
            let grain = try readGrain(d.top, g)
            let from = Int(at - g * Self.grainSize), to = Int(min(end, (g + 1) * Self.grainSize) - g * Self.grainSize)
            out += grain[from..<to]
            at = (g + 1) * Self.grainSize
        }
        return out
    }

    /// A grain as the chain from `top` shows it: the first layer that maps it, else zeros.
    func readGrain(_ top: UInt64, _ g: UInt64) throws -> [UInt8] {
        for id in state.chain(from: top) {
            let l = try layer(id)
            switch l.map.content(of: g) {
            case .absent: continue
            case .zero: return [UInt8](repeating: 0, count: LayerFile.grainSize)
            case .data(let slot): return try l.readSlot(slot)
            case .synthetic(let origin):
                let o = l.superblock.origins[Int(origin)]
                return Synthetic.grain(seed: o.seed, origin: o.disk, index: g)
            }
        }
        return [UInt8](repeating: 0, count: LayerFile.grainSize)
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
        for id in ids {
            layerFiles[id] = nil
            try? storage.remove(Self.path(id))
        }
    }

    // MARK: Space

    public struct Usage: Equatable, Sendable {
        public var capacity: UInt64
        /// Grains the layers own (data and synthetic), in bytes.
        public var allocated: UInt64
        /// Thick disks' reservations not yet written.
        public var reserved: UInt64
        public var free: UInt64
    }

    public func usage() -> Usage {
        var allocated: UInt64 = 0
        var ownedByLayer: [UInt64: UInt64] = [:]
        for id in state.layers.keys {
            guard let l = try? layer(id) else { continue }
            let c = l.map.grainCounts
            let bytes = (c.data + c.synthetic) * Self.grainSize
            ownedByLayer[id] = bytes
            allocated += bytes
        }
        var reserved: UInt64 = 0
        for d in state.disks.values where d.provisioning != .thin {
            let written = state.chain(from: d.top).reduce(UInt64(0)) { $0 + (ownedByLayer[$1] ?? 0) }
            reserved += d.reserved > written ? d.reserved - written : 0
        }
        let used = allocated + reserved
        return Usage(capacity: state.capacity, allocated: allocated, reserved: reserved,
                     free: state.capacity > used ? state.capacity - used : 0)
    }

    // MARK: Checking

    /// Every invariant, each violation on its own line (empty: all hold).
    public func check() -> [String] {
        var problems: [String] = []
        let s = state
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
                let f = try LayerFile.open(storage, path: Self.path(l.id))
                problems += f.check()
                if f.superblock.layerID != l.id { problems.append("layer \(l.id): its file says layer \(f.superblock.layerID)") }
                if f.superblock.parentID != l.parent { problems.append("layer \(l.id): its file names parent \(f.superblock.parentID)") }
                if l.parent != 0, s.merging == nil, let p = try? LayerFile.open(storage, path: Self.path(l.parent)),
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
