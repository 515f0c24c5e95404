import Testing
import VishRuntime

/// PSHashtable against a model: random inserts, overwrites, removals and lookups of keys
/// that differ only in case or in numeric type, checked after every step (count, each
/// key's value, and the insertion order that enumeration shows).
@Suite struct HashtableModelTests {
    /// The model: entries in insertion order, keys compared as pwsh compares them.
    struct Model {
        var entries: [(key: Value, value: Value)] = []
        static func same(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case (.string(let x), .string(let y)): return x.lowercased() == y.lowercased()
            case (.int(let x), .int(let y)): return x == y
            case (.long(let x), .long(let y)): return x == y
            default: return false
            }
        }
        func index(_ k: Value) -> Int? { entries.firstIndex { Self.same($0.key, k) } }
    }

    static func key(_ n: Int, _ rng: inout SeededRandom) -> Value {
        switch rng.next() % 4 {
        case 0: return .int(Int32(n))
        case 1: return .long(Int64(n))
        case 2: return .string("k\(n)")
        default: return .string("K\(n)")
        }
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .int(let i): return "i\(i)"
        case .long(let l): return "l\(l)"
        case .string(let s): return "s" + s.lowercased()
        default: return "?"
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func matchesTheModel(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let table = PSHashtable()
        var model = Model()
        for step in 0..<4000 {
            let k = Self.key(Int(rng.next() % 300), &rng)
            switch rng.next() % 10 {
            case 0...4:
                let v = Value.int(Int32(step))
                table[k] = v
                if let i = model.index(k) { model.entries[i].value = v } else { model.entries.append((k, v)) }
            case 5...7:
                table[k] = nil
                if let i = model.index(k) { model.entries.remove(at: i) }
            default:
                let got = table[k].map(Self.text)
                let want = model.index(k).map { Self.text(model.entries[$0].value) }
                #expect(got == want, "step \(step): lookup of \(Self.text(k))")
            }
            #expect(table.count == model.entries.count, "step \(step): count")
            if step % 97 == 0 {
                // Enumeration shows insertion order with removed entries gone.
                #expect(table.keys.map(Self.text) == model.entries.map { Self.text($0.key) }, "step \(step): keys")
                #expect(table.values.map(Self.text) == model.entries.map { Self.text($0.value) }, "step \(step): values")
            }
        }
    }
}
