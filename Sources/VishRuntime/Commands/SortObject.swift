/// Sort-Object: .NET's sort (stable with -Stable, -Top, -Bottom) by properties, script
/// blocks or the objects themselves.
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
        // pwsh's OrderByPropertyComparer: key by key, each in its direction; a missing key last.
        func order(_ a: Int, _ b: Int) -> Int {
            let x = keyed[a].1, y = keyed[b].1
            for i in x.indices {
                let xm = x[i].asObject === MissingKey.shared, ym = y[i].asObject === MissingKey.shared
                if xm || ym {
                    if xm == ym { continue }
                    return xm ? 1 : -1
                }
                let c = Self.compare(x[i], y[i], caseSensitive: cs)
                if c != 0 { return directions[i] ? -c : c }
            }
            return 0
        }
        var indexes = Array(keyed.indices)
        if switchOn("Stable") || isBound("Top") || isBound("Bottom") {
            // The heap sort pwsh uses then breaks ties by arrival: a stable order.
            indexes.sort { a, b in
                let c = order(a, b)
                return c != 0 ? c < 0 : a < b
            }
        } else {
            // A plain sort is .NET's (unstable) List.Sort: equal objects end where it leaves them.
            DotNetSort.sort(&indexes, order)
        }
        var sorted = indexes.map { keyed[$0] }
        if switchOn("Unique") {
            // The first of each run of equal objects (Sort-Object.cs MoveUniqueEntriesToFront).
            var kept: [(Value, [Value])] = []
            var last: Int? = nil
            for i in indexes {
                if let l = last, order(l, i) == 0 { continue }
                kept.append(keyed[i])
                last = i
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
