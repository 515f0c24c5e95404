import Foundation

/// A datastore (FORMAT.md): the catalogue and the layer files. Disks are chains of
/// layers; a disk's top layer takes its writes; frozen layers are shared by the disks and
/// snapshots above them. Each operation writes and syncs its layer files first and commits
/// by one catalogue record.
///
/// Thread-safe (FORMAT.md, "Concurrency"): a change of structure (create, snapshot,
/// clone, revert, consolidate, delete, check) holds `structure` exclusively; a write holds
/// it shared and its disk's lock exclusively; a read through a `DiskHandle` takes only
/// that disk's lock, shared.
public final class Datastore: @unchecked Sendable {
    public let storage: Storage
    let catalogue: Catalogue    // (changed only under `structure`: not for callers)
    let structure = ReadWriteLock()
    /// Guarded by `structure` held exclusively (or by being the only user, while opening).
    private var layerFiles: [UInt64: LayerFile] = [:]
    /// The merged views of frozen layers' chains (ChainView).
    var views: [UInt64: ChainView] = [:]
    /// One per disk; the table changes only with `structure` held exclusively.
    var handles: [String: DiskHandle] = [:]
    /// The next layer number to hand out: past the catalogue's and past any file seen, so
    /// that an operation that did not commit never leaves a number (and a file) to reuse.
    private var nextID: UInt64 = 1
    /// The datastore's space, kept by every operation (guarded by `spaceLock`).
    var space = Usage(capacity: 0, allocated: 0, reserved: 0, free: 0)
    /// Free bytes held by writes under way (guarded by `spaceLock`).
    var inFlight: UInt64 = 0
    let spaceLock = NSLock()
    public static let grainSize = UInt64(LayerFile.grainSize)
    /// The largest disk: 64 PiB (vSphere's largest is 62 TB), so that grain and byte
    /// arithmetic never nears overflow.
    public static let maximumDiskSize: UInt64 = LayerFile.maximumSize

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
        /// A consolidation failed part-way: nothing more changes until opening finishes it.
        case mergeUnfinished
        /// A commit's outcome is unknown (its sync failed): open the datastore again.
        case needsReopen
        case datastoreExists
        case badCount(Int)
    }

    private init(storage: Storage, catalogue: Catalogue) {
        self.storage = storage
        self.catalogue = catalogue
    }

    public static func create(_ storage: Storage, capacity: UInt64) throws -> Datastore {
        guard !storage.exists(Catalogue.path) else { throw Failure.datastoreExists }
        let store = Datastore(storage: storage, catalogue: try Catalogue.create(storage, capacity: capacity))
        store.nextID = store.current.nextLayerID
        store.recountSpace()
        return store
    }

    /// The datastore as its catalogue says; layer files no catalogue entry names (made by an
    /// operation that did not commit, or left by a delete that did) are removed, and a
    /// merge a crash interrupted is finished. `repairing: false` changes nothing (a checker's
    /// view: `check()` then reports both).
    public static func open(_ storage: Storage, repairing: Bool = true) throws -> Datastore {
        let store = Datastore(storage: storage, catalogue: try Catalogue.open(storage))
        store.nextID = store.current.nextLayerID
        for file in try storage.list() {
            if let id = layerID(fileName: file) { store.nextID = max(store.nextID, id + 1) }
        }
        if repairing {
            // A consolidation a crash interrupted is finished first (it needs the child's file).
            try store.finishMerge()
            // A compaction that did not get to its rename, and files no layer owns.
            if storage.exists(Catalogue.newPath) { try storage.remove(Catalogue.newPath) }
            for file in try storage.list() {
                if let id = layerID(fileName: file), store.current.layers[id] == nil { try storage.remove(file) }
            }
            // Makes those removals durable, and any name a failed first commit left unsynced.
            try storage.syncDirectory()
        }
        // A disk whose layers do not open has no handle yet: using it reports why, and
        // check() still sees the rest.
        for name in store.current.disks.keys { try? store.refresh(name) }
        store.recountSpace()
        return store
    }

    /// The catalogue's state (a copy, consistent).
    public var state: CatalogueState { structure.reading { catalogue.state } }

    /// The state, for code that holds `structure`.
    var current: CatalogueState { catalogue.state }

    /// A layer's file name: built from its number only.
    static func path(_ id: UInt64) -> String { "L" + String(id, radix: 16).leftPadding(16) + ".vly" }

    /// The layer number a file name of the directory stands for (nil: not a layer file).
    static func layerID(fileName: String) -> UInt64? {
        guard fileName.hasPrefix("L") && fileName.hasSuffix(".vly") else { return nil }
        return UInt64(fileName.dropFirst().dropLast(4), radix: 16)
    }

    /// (`structure` held exclusively.)
    func layer(_ id: UInt64) throws -> LayerFile {
        if let l = layerFiles[id] { return l }
        guard let info = current.layers[id] else { throw Failure.noSuchLayer(id) }
        let l = try Self.openLayer(storage, info)
        layerFiles[id] = l
        return l
    }

    /// A layer's file, or the empty layer it is until its first commit.
    static func openLayer(_ storage: Storage, _ info: CatalogueState.Layer) throws -> LayerFile {
        guard info.virtualSize <= LayerFile.maximumSize else {
            throw LayerFile.Failure.damaged(path(info.id), "the catalogue gives it \(info.virtualSize) bytes")
        }
        let empty = Superblock(layerID: info.id, parentID: info.parent, parentGeneration: info.parentGeneration,
                               virtualSize: info.virtualSize, generation: 0)
        return try LayerFile.open(storage, path: path(info.id), empty: empty)
    }

    /// The merged view of a frozen layer and the layers below it (`structure` held exclusively).
    func view(_ frozen: UInt64) throws -> ChainView {
        if let v = views[frozen] { return v }
        let v = ChainView(try current.chain(from: frozen).map { try layer($0) })
        views[frozen] = v
        return v
    }

    func disk(_ name: String) throws -> CatalogueState.Disk {
        guard let d = current.disks[name] else { throw Failure.noSuchDisk(name) }
        return d
    }

    /// The disk's handle, for reads that take no lock but the disk's own.
    public func handle(_ name: String) throws -> DiskHandle {
        let found = try structure.reading { () throws -> DiskHandle? in
            guard current.disks[name] != nil else { throw Failure.noSuchDisk(name) }
            return handles[name]
        }
        if let found { return found }
        return try structure.writing {
            if let h = handles[name] { return h }    // made by another thread meanwhile
            try refresh(name)
            guard let h = handles[name] else { throw Failure.noSuchDisk(name) }
            recountSpace()    // (its reservation)
            return h
        }
    }

    /// Points the disk's handle at its top and the view below, or retires it when the disk
    /// is gone (`structure` held exclusively, and the handle's lock: see `changing`).
    func refresh(_ name: String) throws {
        guard let d = current.disks[name] else {
            if let h = handles.removeValue(forKey: name) { h.deleted = true }
            return
        }
        let top = try layer(d.top)
        let parent = current.layers[d.top]?.parent ?? 0
        let below = parent == 0 ? nil : try view(parent)
        if let h = handles[name] {
            h.top = top
            h.below = below
            h.provisioning = d.provisioning
        } else {
            handles[name] = DiskHandle(name: name, top: top, below: below, provisioning: d.provisioning)
        }
    }

    /// Runs a change of structure: `structure` exclusively (no write is under way), and the
    /// named disks' locks (no read of them is: their layers may change or go); afterwards
    /// their handles are refreshed and the space recounted.
    func changing<R>(_ names: [String], recount: Bool = true, _ body: () throws -> R) throws -> R {
        try changing(affecting: { _ in names }, recount: recount, body)
    }

    /// `changing` for the disks `affected` names, asked with `structure` held.
    func changing<R>(affecting affected: (CatalogueState) -> [String], recount: Bool = true, _ body: () throws -> R) throws -> R {
        try structure.writing {
            if catalogue.isPoisoned { throw Failure.needsReopen }
            if current.merging != nil { throw Failure.mergeUnfinished }
            let names = Set(affected(current)).sorted()
            let held = names.compactMap { handles[$0] }
            for h in held { h.lock.lockForWriting() }
            var done = false
            defer {
                for name in names { try? refresh(name) }
                // (A failure may have dropped writes that waited: recount then too.)
                if recount || !done { recountSpace() }
                for h in held { h.lock.unlock() }
            }
            let result = try body()
            done = true
            return result
        }
    }

    func newLayer(parent: UInt64, size: UInt64) throws -> CatalogueState.Layer {
        let id = max(nextID, current.nextLayerID)
        nextID = id + 1
        let generation = parent == 0 ? 0 : try layer(parent).superblock.generation
        let sb = Superblock(layerID: id, parentID: parent, parentGeneration: generation, virtualSize: size, generation: 0)
        layerFiles[id] = LayerFile.create(storage, path: Self.path(id), superblock: sb)
        return CatalogueState.Layer(id: id, parent: parent, parentGeneration: generation, virtualSize: size, frozen: false)
    }

    /// Commits `changes`; when that fails, the layer files made for them are removed.
    func commit(_ changes: [CatalogueState.Change], madeLayers: [UInt64] = []) throws {
        do {
            try catalogue.commit(changes)
        } catch {
            // When the record may yet be durable, its files stay (opening removes them if not).
            if catalogue.isPoisoned { throw error }
            for id in madeLayers {
                layerFiles[id] = nil
                try? storage.remove(Self.path(id))
            }
            throw error
        }
    }

    /// Rewrites the catalogue as one checkpoint record (commits do it by themselves once
    /// the journal outweighs its checkpoint 4:1).
    public func compactCatalogue() throws { try structure.writing { try catalogue.compact() } }

    // MARK: Changes of structure

    public func createDisk(_ name: String, size: UInt64, provisioning: CatalogueState.Provisioning = .thin) throws {
        try changing([name]) {
            guard current.disks[name] == nil else { throw Failure.diskExists(name) }
            guard size > 0, size <= Self.maximumDiskSize else { throw Failure.badSize(size) }
            let reserved = provisioning == .thin ? 0 : size
            let free = spaceLock.holding { space.free }
            guard reserved <= free else { throw Failure.outOfSpace(needed: reserved, free: free) }
            let l = try newLayer(parent: 0, size: size)
            if provisioning == .thickEager {
                let file = try layer(l.id)
                do {
                    try file.set(Run(first: 0, count: file.grainCount, kind: .zero, value: 0))
                    try file.commit()
                } catch {
                    removeFiles([l.id])
                    throw error
                }
            }
            try commit([.createLayer(l), .createDisk(.init(name: name, top: l.id, provisioning: provisioning, reserved: reserved))],
                       madeLayers: [l.id])
        }
    }

    /// Freezes the disk's top layer and gives the disk a new empty top on it; returns the
    /// frozen layer (the snapshot's).
    @discardableResult
    public func snapshot(_ name: String) throws -> UInt64 {
        try changing([name], recount: false) {
            let d = try disk(name)
            // Unflushed writes become part of the frozen layer: commit them first.
            let top = try layer(d.top)
            try top.commit()
            let child = try newLayer(parent: d.top, size: top.superblock.virtualSize)
            try commit([.freezeLayer(d.top), .createLayer(child), .setTop(disk: name, layer: child.id),
                        .addSnapshot(disk: name, layer: d.top)], madeLayers: [child.id])
            return d.top
        }
    }

    /// A new disk whose content starts as the frozen layer's and stores only its own writes.
    public func linkedClone(of frozen: UInt64, as name: String) throws {
        try changing([name], recount: false) {
            guard current.disks[name] == nil else { throw Failure.diskExists(name) }
            guard let base = current.layers[frozen] else { throw Failure.noSuchLayer(frozen) }
            guard base.frozen else { throw Failure.notFrozen(frozen) }
            let child = try newLayer(parent: frozen, size: base.virtualSize)
            try commit([.createLayer(child), .createDisk(.init(name: name, top: child.id, provisioning: .thin, reserved: 0))],
                       madeLayers: [child.id])
        }
    }

    /// Drops the disk and every layer no other disk or layer needs any more.
    public func deleteDisk(_ name: String) throws {
        try changing([name]) {
            let d = try disk(name)
            var after = current
            after.apply(.deleteDisk(name))
            let gone = Self.unreferenced(from: [d.top] + d.snapshots, in: &after)
            try commit([.deleteDisk(name)] + gone.map { .deleteLayer($0) })
            removeFiles(gone)
        }
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
}

extension String {
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
