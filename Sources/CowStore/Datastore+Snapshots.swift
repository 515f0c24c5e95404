/// Revert, delete snapshot (consolidation) and full clone (FORMAT.md, "Operations").
extension Datastore {
    /// The disk goes back to a snapshot: a new empty top on the snapshot's layer; the old
    /// top goes when nothing else needs it.
    public func revert(_ name: String, to snapshot: UInt64) throws {
        try changing([name]) {
            let d = try disk(name)
            guard d.snapshots.contains(snapshot), let l = current.layers[snapshot] else { throw Failure.noSuchSnapshot(disk: name, layer: snapshot) }
            let child = try newLayer(parent: snapshot, size: l.virtualSize)
            var after = current
            after.apply(.createLayer(child))
            after.apply(.setTop(disk: name, layer: child.id))
            let gone = Self.unreferenced(from: [d.top], in: &after)
            try commit([.createLayer(child), .setTop(disk: name, layer: child.id)] + gone.map { .deleteLayer($0) }, madeLayers: [child.id])
            removeFiles(gone)
        }
    }

    /// Deletes a snapshot. When its layer's only reference is one child that has no
    /// children of its own, the child's runs merge into it (time proportional to the
    /// child's changed grains), the disk reads the same, and the child's file goes;
    /// otherwise the layer stays for what still uses it.
    public func deleteSnapshot(_ name: String, _ snapshot: UInt64) throws {
        // Every disk reading through the layer: a merge rewrites it and moves their tops.
        try changing(affecting: { state in
            state.disks.keys.filter { (try? self.neededLayers($0).contains(snapshot)) == true } + [name]
        }) {
            guard let d = current.disks[name], d.snapshots.contains(snapshot) else { throw Failure.noSuchSnapshot(disk: name, layer: snapshot) }
            var after = current
            after.apply(.removeSnapshot(disk: name, layer: snapshot))
            let children = after.layers.values.filter { $0.parent == snapshot }
            if after.referenceCounts[snapshot, default: 0] == 1, children.count == 1,
               !after.layers.values.contains(where: { $0.parent == children[0].id }),
               try Set(layer(snapshot).origins + layer(children[0].id).origins).count <= Superblock.maxOrigins {
                // (Past the layer's 8 synthetic origins a merge could not finish, and a
                // recorded merge must: then the snapshot is only unpinned.)
                // The disk's unflushed writes go with the merge: commit them first.
                try layer(children[0].id).commit()
                try commit([.removeSnapshot(disk: name, layer: snapshot), .beginMerge(parent: snapshot, child: children[0].id)])
                try finishMerge()
                return
            }
            let gone = Self.unreferenced(from: [snapshot], in: &after)
            try commit([.removeSnapshot(disk: name, layer: snapshot)] + gone.map { .deleteLayer($0) })
            removeFiles(gone)
        }
    }

    /// Merges the recorded child into its parent and retargets what referenced the child.
    /// Doing it twice gives the same result, so opening can finish one a crash interrupted.
    /// Once the merge is recorded no one reads the parent alone, so the child's grains
    /// overwrite the parent's slots in place (a crash midway leaves the parent mixed, and
    /// the redo rewrites every grain the child has).
    func finishMerge() throws {
        guard let (parentID, childID) = current.merging, let child = current.layers[childID] else { return }
        let parent = try layer(parentID), source = try layer(childID)
        do {
            var originIndex: [UInt64: UInt64] = [:]
            for (i, o) in source.superblock.origins.enumerated() {
                if let j = parent.origins.firstIndex(of: o) { originIndex[UInt64(i)] = UInt64(j); continue }
                guard parent.origins.count < Superblock.maxOrigins else { throw Failure.tooManyOrigins(parentID) }
                originIndex[UInt64(i)] = UInt64(parent.origins.count)
                parent.addOrigin(o)
            }
            for r in source.map.runs {
                switch r.kind {
                case .data: try parent.copy(grains: r.first, count: r.count, fromSlot: r.value, of: source, inPlace: true)
                case .zero: try parent.set(r)
                case .synthetic: try parent.set(Run(first: r.first, count: r.count, kind: .synthetic, value: originIndex[r.value]!))
                }
            }
            try parent.commit()
        } catch {
            parent.rollBack()
            throw error
        }
        views = [:]
        var changes: [CatalogueState.Change] = []
        if !child.frozen { changes.append(.thawLayer(parentID)) }
        for d in current.disks.values.sorted(by: { $0.name < $1.name }) {
            if d.top == childID { changes.append(.setTop(disk: d.name, layer: parentID)) }
            if d.snapshots.contains(childID) {
                changes += [.removeSnapshot(disk: d.name, layer: childID), .addSnapshot(disk: d.name, layer: parentID)]
            }
        }
        try commit(changes + [.deleteLayer(childID), .endMerge])
        removeFiles([childID])
    }

    /// A new independent disk with the content `source` shows now: data grains copied,
    /// zero and synthetic runs copied as runs.
    public func fullClone(_ source: String, as name: String) throws {
        try changing([name]) { try fullCloneHeld(source, as: name) }
    }

    private func fullCloneHeld(_ source: String, as name: String) throws {
        let d = try disk(source)
        guard current.disks[name] == nil else { throw Failure.diskExists(name) }
        // The runs the chain shows, each tagged with the layer serving it.
        let visible = ChainView(try current.chain(from: d.top).map { try layer($0) })
        // The new layer owns the data and synthetic grains the chain shows.
        let copied = visible.pieces.reduce(UInt64(0)) { $0 + ($1.kind == .zero ? 0 : $1.count) } * Self.grainSize
        let free = spaceLock.holding { space.free }
        guard copied <= free else { throw Failure.outOfSpace(needed: copied, free: free) }
        let size = current.layers[d.top]!.virtualSize
        let target = try newLayer(parent: 0, size: size)
        let file = try layer(target.id)
        do {
            var origins: [Superblock.Origin: UInt64] = [:]
            for r in visible.pieces {
                let from = visible.layers[r.layer], value = r.value
                switch r.kind {
                case .data: try file.copy(grains: r.first, count: r.count, fromSlot: value, of: from)
                case .zero: try file.set(Run(first: r.first, count: r.count, kind: .zero, value: 0))
                case .synthetic:
                    let o = from.origins[Int(value)]
                    let index = try origins[o] ?? { () throws -> UInt64 in
                        guard file.origins.count < Superblock.maxOrigins else { throw Failure.tooManyOrigins(target.id) }
                        file.addOrigin(o)
                        return UInt64(file.origins.count - 1)
                    }()
                    origins[o] = index
                    try file.set(Run(first: r.first, count: r.count, kind: .synthetic, value: index))
                }
            }
            try file.commit()
        } catch {
            removeFiles([target.id])
            throw error
        }
        try commit([.createLayer(target), .createDisk(.init(name: name, top: target.id, provisioning: .thin, reserved: 0))], madeLayers: [target.id])
    }
}
