/// Sort-Object: a stable sort by properties, script blocks or the objects themselves.
final class SortObject: NativeCommand {
    static let info = CmdletInfo("Sort-Object", [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Property", type: .objectArray, position: 0),
        ParameterInfo(name: "Descending", isSwitch: true),
        ParameterInfo(name: "Unique", isSwitch: true),
        ParameterInfo(name: "CaseSensitive", isSwitch: true),
        ParameterInfo(name: "Culture", type: .string),
        ParameterInfo(name: "Stable", isSwitch: true),
        ParameterInfo(name: "Top", type: .int),
        ParameterInfo(name: "Bottom", type: .int),
    ], make: { SortObject($0, $1) })

    private var items: [Value] = []

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { items.append(v) }
    }

    override func endProcessing() throws {
        let specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        let descending = switchOn("Descending")
        let cs = switchOn("CaseSensitive")
        // Keys are computed once per object, as pwsh does.
        // A property an object lacks sorts after every value, in either direction.
        let keyed: [(Value, [Value])] = try items.map { item in
            if specs.isEmpty { return (item, [item]) }
            return (item, try specs.map { try $0.value(item, scope) ?? .object(MissingKey.shared) })
        }
        let directions = specs.isEmpty ? [descending] : specs.map { $0.descending ?? descending }
        var sorted = try SortHelper.sorted(keyed.indices.map { Value.int(Int32($0)) }) { a, b in
            let x = keyed[Int(a.intValue)].1, y = keyed[Int(b.intValue)].1
            for i in x.indices {
                let xm = x[i].asObject === MissingKey.shared, ym = y[i].asObject === MissingKey.shared
                if xm || ym {
                    if xm == ym { continue }
                    return ym
                }
                let c = Self.compare(x[i], y[i], caseSensitive: cs)
                if c != 0 { return directions[i] ? c > 0 : c < 0 }
            }
            return false
        }.map { keyed[Int($0.intValue)] }
        if switchOn("Unique") {
            var kept: [(Value, [Value])] = []
            for entry in sorted where !kept.contains(where: { k in
                zip(k.1, entry.1).allSatisfy { Self.compare($0, $1, caseSensitive: cs) == 0 }
            }) {
                kept.append(entry)
            }
            sorted = kept
        }
        var result = sorted.map(\.0)
        if let top = try int("Top") { result = Array(result.prefix(top)) }
        if let bottom = try int("Bottom") { result = Array(result.suffix(bottom)) }
        for v in result { try writeObject(v) }
    }

    /// pwsh's sort order: $null first, values compared as `-lt` would (the left one's
    /// type), and when they cannot be compared, as strings.
    static func compare(_ a: Value, _ b: Value, caseSensitive: Bool) -> Int {
        let x = a.normalized, y = b.normalized
        // $null against a number compares as 0; against anything else it comes first.
        if x.isNull && Convert.isNumeric(y) { return Comparison.numericCompare(.int(0), y) }
        if y.isNull && Convert.isNumeric(x) { return Comparison.numericCompare(x, .int(0)) }
        if x.isNull || y.isNull { return x.isNull ? (y.isNull ? 0 : -1) : 1 }
        if let c = try? Comparison.compare(x, y, caseSensitive: caseSensitive, .none) { return c }
        return Comparison.compareStrings(Convert.toString(x, ConversionContext()), Convert.toString(y, ConversionContext()),
                                         caseSensitive: caseSensitive)
    }
}

/// The sort key of an object that lacks the property.
final class MissingKey: PSObjectBase {
    static let shared = MissingKey()
}

extension Value {
    var intValue: Int32 {
        if case .int(let i) = self { return i }
        return 0
    }
}
