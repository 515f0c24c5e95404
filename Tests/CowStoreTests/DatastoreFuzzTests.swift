import Testing
@testable import CowStore

/// Any call with any arguments, in any order: an error or a result, never a crash, and
/// `check()` clean after each (the brief's "never crash, never lose state" for the engine).
@Suite struct DatastoreFuzzTests {
    static let extremes: [UInt64] = [0, 1, 4095, 4096, 4097, 1 << 20, 1 << 40, 1 << 56, (1 << 56) + 1, UInt64.max - 4096, UInt64.max]

    @Test(arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func anyCallWithAnyArguments(seed: UInt64) throws {
        var rng = DatastoreTests.Rng(state: seed)
        let storage = MemoryStorage()
        var store = try Datastore.create(storage, capacity: 64 * 4096)
        let names = ["a", "b", "../c", ""]
        func number() -> UInt64 {
            rng.next(2) == 0 ? Self.extremes[Int(rng.next(UInt64(Self.extremes.count)))] : rng.next(40_000)
        }
        func layer() -> UInt64 { rng.next(3) == 0 ? number() : rng.next(12) }
        var outcomes: [String: Int] = [:]
        for step in 0..<600 {
            let name = names[Int(rng.next(UInt64(names.count)))], other = names[Int(rng.next(UInt64(names.count)))]
            let call = rng.next(13)
            do {
                switch call {
                case 0: try store.createDisk(name, size: number(), provisioning: CatalogueState.Provisioning(rawValue: UInt8(rng.next(3)))!)
                case 1: try store.write(name, at: number(), [UInt8](repeating: UInt8(truncatingIfNeeded: step), count: Int(rng.next(3 * 4096))), flushing: rng.next(2) == 0)
                case 2: _ = try store.read(name, at: number(), count: Int(rng.next(9000)))
                case 3: try store.snapshot(name)
                case 4: try store.linkedClone(of: layer(), as: name)
                case 5: try store.revert(name, to: layer())
                case 6: try store.deleteSnapshot(name, layer())
                case 7: try store.fullClone(name, as: other)
                case 8: try store.fillSynthetic(name, fromGrain: number(), count: number(), seed: UInt64(step))
                case 9: try store.deleteDisk(name)
                case 10: try store.flush(name)
                case 11: _ = try store.usage(ofDisk: name); _ = try store.servedRuns(from: layer()); _ = try store.usage(ofLayer: layer())
                default: store = try Datastore.open(storage)
                }
                outcomes["ok", default: 0] += 1
            } catch {
                outcomes["\(type(of: error))", default: 0] += 1
            }
            let problems = store.check()
            #expect(problems.isEmpty, "step \(step), call \(call): \(problems)")
            if !problems.isEmpty { return }
        }
        #expect(outcomes["ok", default: 0] > 50)    // (the sequence does real work too)
    }
}
