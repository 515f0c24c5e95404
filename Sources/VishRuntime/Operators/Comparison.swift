import Foundation

/// Comparisons with pwsh's rules: the right operand converts to the left operand's type;
/// strings compare case-insensitively unless the `c` form is used; a collection on the
/// left filters its elements.
enum Comparison {
    static let culture = Locale(identifier: "en_US")

    /// `-eq` for scalars.
    static func equals(_ l: Value, _ r: Value, caseSensitive: Bool) throws -> Bool {
        let a = l.normalized, b = r.normalized
        switch (a, b) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let x), _):
            let y = Convert.toString(b, ConversionContext())
            return caseSensitive ? x == y : x.caseInsensitiveCompare(y) == .orderedSame
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), _): return x == Convert.toBool(b)
        default: break
        }
        if Convert.isNumeric(a) || isChar(a) || a.asObject is EnumValue {
            if isChar(a), case .string(let s) = b {
                let units = Array(s.utf16)
                guard units.count == 1 else { return false }
                if case .object(let o as PSScalarBox) = a, case .char(let c) = o.value {
                    return caseSensitive ? c == units[0] : String(utf16CodeUnits: [c], count: 1).caseInsensitiveCompare(s) == .orderedSame
                }
            }
            if let c = bigCompare(a, b) { return c == 0 }
            guard let y = try? Convert.toNumber(b, .none) else { return false }
            let x = try Convert.toNumber(a, .none)
            // IEEE equality: NaN equals nothing, itself included.
            if case .double(let dx) = x, dx.isNaN { return false }
            if case .double(let dy) = y, dy.isNaN { return false }
            return numericCompare(x, y) == 0
        }
        if case .object(let o) = a {
            if let d = o as? PSDateTime {
                if case .object(let e as PSDateTime) = b { return d.ticks == e.ticks }
                if let e = try? Convert.to(.datetime, b, .none), case .object(let e as PSDateTime) = e { return d.ticks == e.ticks }
                return false
            }
            if let t = o as? PSTimeSpan, case .object(let u as PSTimeSpan) = b { return t.ticks == u.ticks }
            if let v = o as? VersionObject {
                if case .object(let w as VersionObject) = b { return v.compare(w) == 0 }
                if case .string(let t) = b, let w = VersionObject(t) { return v.compare(w) == 0 }
            }
            if let sw = o as? SwitchParameter { return sw.isPresent == Convert.toBool(b) }
            if case .object(let ob) = b { return o === ob || o.isEqual(to: ob) }
            if let e = o as? EnumValue { return e.matches(b) }
            return false
        }
        return false
    }

    /// BigInteger against a number, exactly (a real with a fraction compares as a double).
    static func bigCompare(_ a: Value, _ b: Value) -> Int? {
        guard Arithmetic.isBig(a) || Arithmetic.isBig(b) else { return nil }
        guard let x = try? Convert.toNumber(a, .none), let y = try? Convert.toNumber(b, .none) else { return nil }
        for v in [x, y] { if case .double(let d) = v, d.rounded(.towardZero) != d || !d.isFinite { return nil } }
        guard let p = try? Convert.toBigInt(a, .none), let q = try? Convert.toBigInt(b, .none) else { return nil }
        return p < q ? -1 : (p == q ? 0 : 1)
    }

    static func isChar(_ v: Value) -> Bool {
        if case .object(let o as PSScalarBox) = v, case .char = o.value { return true }
        return false
    }

    static func numericCompare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.long, .long), (.int, .long), (.long, .int):
            let x = Arithmetic.lng(a), y = Arithmetic.lng(b)
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.decimal, _), (_, .decimal):
            // (A double too large for a decimal compares as a double.)
            guard let x = try? Arithmetic.dec(a, .none), let y = try? Arithmetic.dec(b, .none) else {
                let x = Arithmetic.dbl(a), y = Arithmetic.dbl(b)
                return x < y ? -1 : (x > y ? 1 : 0)
            }
            return NetDecimal.compare(x, y)
        default:
            let x = Arithmetic.dbl(a), y = Arithmetic.dbl(b)
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? -1 : 1) }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }

    /// Ordering for `-lt -gt -le -ge` and sorting; throws when the values cannot be compared.
    static func compare(_ l: Value, _ r: Value, caseSensitive: Bool, _ position: ErrorPosition) throws -> Int {
        let a = l.normalized, b = r.normalized
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return b.isNull ? 0 : -1
        case (_, .null): return 1
        case (.string(let x), _):
            return compareStrings(x, Convert.toString(b, ConversionContext()), caseSensitive: caseSensitive)
        case (.bool(let x), _):
            let y = Convert.toBool(b)
            return x == y ? 0 : (x ? 1 : -1)
        default: break
        }
        if Convert.isNumeric(a) || isChar(a) || a.asObject is EnumValue {
            if let c = bigCompare(a, b) { return c }
            do {
                let y = try Convert.toNumber(b, position)
                return numericCompare(try Convert.toNumber(a, position), y)
            } catch {
                // The right operand is converted to the left one's type first: that fails.
                throw Errors.conversion(b, Convert.typeName(a),
                                        "The input string '\(Convert.toString(b, ConversionContext()))' was not in a correct format.", position)
            }
        }
        if case .object(let o) = a {
            if let d = o as? PSDateTime, case .object(let e as PSDateTime) = (try? Convert.to(.datetime, b, position)) ?? .null {
                return d.ticks < e.ticks ? -1 : (d.ticks > e.ticks ? 1 : 0)
            }
            if let t = o as? PSTimeSpan, case .object(let u as PSTimeSpan) = b {
                return t.ticks < u.ticks ? -1 : (t.ticks > u.ticks ? 1 : 0)
            }
            if let v = o as? VersionObject, case .object(let w as VersionObject) = (try? Convert.to(PSType.named["version"]!, b, position)) ?? .null {
                return v.compare(w)
            }
        }
        // The same object is equal to itself before any comparer is asked (-ge, -le hold).
        if case .object(let x) = a, case .object(let y) = b, x === y { return 0 }
        throw Errors.runtime("Cannot compare \"\(Convert.toString(a, ConversionContext()))\" because it is not IComparable.",
                             id: "NotIcomparable", position)
    }

    static func compareStrings(_ x: String, _ y: String, caseSensitive: Bool) -> Int {
        if x == y { return 0 }
        let r = caseSensitive
            ? x.compare(y, options: [], range: nil, locale: culture)
            : x.compare(y, options: [.caseInsensitive], range: nil, locale: culture)
        switch r {
        case .orderedAscending: return -1
        case .orderedDescending: return 1
        case .orderedSame: return caseSensitive ? (x < y ? -1 : 1) : 0
        }
    }

    /// Applies a scalar test to a left operand; a collection on the left filters.
    static func filtering(_ l: Value, _ test: (Value) throws -> Bool) throws -> Value {
        if case .object(let o) = l, o.isEnumerable {
            return .object(PSArray(try o.enumerate().filter(test)))
        }
        return .bool(try test(l))
    }

    static func contains(_ collection: Value, _ item: Value, caseSensitive: Bool) throws -> Bool {
        let items: [Value]
        if case .object(let o) = collection, o.isEnumerable { items = o.enumerate() } else { items = [collection] }
        for e in items where try equals(e, item, caseSensitive: caseSensitive) { return true }
        return false
    }
}
