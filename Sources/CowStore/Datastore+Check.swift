/// Checking (FORMAT.md, "Checking").
extension Datastore {
    /// Every invariant, each violation on its own line (empty: all hold).
    public func check() -> [String] {
        structure.writing { checkHeld() }
    }

    func checkHeld() -> [String] {
        var problems: [String] = []
        let s = current
        let kept = spaceLock.holding { space }, recount = countSpace()
        if kept != recount { problems.append("space: kept as \(kept), a recount gives \(recount)") }
        problems += accountingProblems(allocated: recount.allocated)
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
                if let id = Self.layerID(fileName: file), s.layers[id] != nil { continue }
                problems.append("file \(file): no layer of the catalogue")
            }
        }
        return problems
    }
}
