import Foundation
import VishSyntax

/// PowerShell's conversions (LanguagePrimitives): truth, text, numbers, and casts.
public enum Convert {
    // MARK: Truth

    /// `[bool]$x` / conditions: $null, 0, "" and empty collections are false; a
    /// collection of one item has that item's truth; other objects are true.
    public static func toBool(_ v: Value) -> Bool {
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .long(let l): return l != 0
        case .double(let d): return d != 0
        case .decimal(let d): return !d.isZero
        case .string(let s): return !s.isEmpty
        case .object(let o):
            if o === AutomationNull.shared { return false }
            if let a = o as? PSArray {
                switch a.items.count {
                case 0: return false
                case 1: return toBool(a.items[0])
                default: return true
                }
            }
            if let sw = o as? SwitchParameter { return sw.isPresent }
            if let p = o as? PSScalarBox { return p.value.doubleValue != 0 }
            // An enum is true unless its value is zero (LanguagePrimitives.IsTrue).
            if let e = o as? EnumValue { return e.value != 0 }
            if o.isEnumerable {
                let items = o.enumerate()
                return items.count == 1 ? toBool(items[0]) : !items.isEmpty
            }
            return true
        }
    }

    // MARK: Text

    /// `[string]$x` and string expansion: numbers in invariant form (doubles with 15
    /// significant digits), collections joined with `$OFS`.
    public static func toString(_ v: Value, _ context: ConversionContext) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .long(let l): return String(l)
        case .double(let d): return NumberFormatting.double(d)
        case .decimal(let d): return d.description
        case .string(let s): return s
        case .object(let o):
            if o.isEnumerable, !(o is PSHashtable) {
                // One level only: a nested collection reads as its type name.
                return o.enumerate().map { e in
                    if case .object(let inner) = e, inner.isEnumerable, !(inner is PSHashtable) { return inner.toString(context) }
                    return toString(e, context)
                }.joined(separator: context.ofs)
            }
            return o.toString(context)
        }
    }

    /// The .NET type name of a value (`System.Int32`).
    public static func typeName(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "System.Boolean"
        case .int: return "System.Int32"
        case .long: return "System.Int64"
        case .double: return "System.Double"
        case .decimal: return "System.Decimal"
        case .string: return "System.String"
        case .object(let o): return o.typeName
        }
    }

    // MARK: Numbers

    /// A number from text, as pwsh parses strings in arithmetic and casts: trimmed,
    /// decimal or hex, with exponent, type suffix or multiplier. Nil when not a number.
    /// "1,000": a number with group separators, read as Double.Parse with AllowThousands
    /// reads it (LanguagePrimitives.ConvertNumericThroughDouble): an integer when whole.
    static func thousandsNumber(_ s: String) -> Value? {
        guard s.contains(","), let first = s.first(where: { $0 != "+" && $0 != "-" }), first.isASCII, first.isNumber else { return nil }
        let integerPart = s.split(separator: ".", maxSplits: 1).first.map(String.init) ?? s
        guard integerPart.dropFirst(s.first == "-" || s.first == "+" ? 1 : 0).allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "," }),
              let d = Double(s.replacingOccurrences(of: ",", with: "")) else { return nil }
        if d == d.rounded(), abs(d) <= Double(Int32.max) { return .int(Int32(d)) }
        if d == d.rounded(), abs(d) < 9.2e18 { return .long(Int64(d)) }
        return .double(d)
    }

    public static func parseNumber(_ s: String) -> Value? {
        // Fast path for plain decimal integers.
        var value: Int64 = 0
        var digits = 0
        var negative = false
        var ok = !s.isEmpty
        for (i, b) in s.utf8.enumerated() {
            if i == 0 && (b == 0x2D || b == 0x2B) { negative = b == 0x2D; continue }
            guard b >= 0x30 && b <= 0x39, digits < 18 else { ok = false; break }
            value = value * 10 + Int64(b - 0x30)
            digits += 1
        }
        if ok && digits > 0 {
            let v = negative ? -value : value
            return v >= Int64(Int32.min) && v <= Int64(Int32.max) ? .int(Int32(v)) : .long(v)
        }
        guard let n = NumberLiteral.parse(s) else { return nil }
        return Value(n)
    }

    public static func isNumeric(_ v: Value) -> Bool {
        switch v {
        case .int, .long, .double, .decimal: return true
        case .object(let o): return (o as? PSScalarBox).map { if case .char = $0.value { return false }; return true } ?? false
        default: return false
        }
    }

    /// A value as a number for arithmetic: numbers as themselves, strings parsed,
    /// $null as 0, bools as 0/1, chars by code.
    static func toNumber(_ v: Value, _ position: ErrorPosition) throws -> Value {
        switch v {
        case .int, .long, .double, .decimal: return v
        case .null: return .int(0)
        case .bool(let b): return .int(b ? 1 : 0)
        case .string(let s):
            let t = s.trimmingBlanks()
            if t.isEmpty { return .int(0) }
            guard let n = parseNumber(t) ?? thousandsNumber(t) else {
                throw Errors.conversion(v, "System.Int32", "The input string '\(s)' was not in a correct format.", position)
            }
            return n
        case .object(let o):
            if o === AutomationNull.shared { return .int(0) }
            if let b = o as? PSScalarBox {
                switch b.value {
                case .char(let c): return .int(Int32(c))
                case .byte(let x): return .int(Int32(x))
                case .sbyte(let x): return .int(Int32(x))
                case .int16(let x): return .int(Int32(x))
                case .uint16(let x): return .int(Int32(x))
                case .uint32(let x): return .long(Int64(x))
                case .uint64(let x): return x <= UInt64(Int64.max) ? .long(Int64(x)) : .double(Double(x))
                case .single(let x): return .double(Double(x))
                case .bigint(let x): return x.int64.map { .long($0) } ?? .double(x.double)
                }
            }
            if let sw = o as? SwitchParameter { return .int(sw.isPresent ? 1 : 0) }
            if let e = o as? EnumValue { return e.value >= Int(Int32.min) && e.value <= Int(Int32.max) ? .int(Int32(e.value)) : .long(Int64(e.value)) }
            if let a = o as? PSArray, a.items.count == 1 { return try toNumber(a.items[0], position) }
            throw Errors.conversion(v, "System.Int32", nil, position)
        }
    }

    public static func toDouble(_ v: Value, _ position: ErrorPosition) throws -> Double {
        switch try toNumber(v, position) {
        case .int(let i): return Double(i)
        case .long(let l): return Double(l)
        case .double(let d): return d
        case .decimal(let d): return d.doubleValue
        default: return 0
        }
    }

    public static func toInt64(_ v: Value, _ position: ErrorPosition?) throws -> Int64 {
        switch try toNumber(v, position ?? .none) {
        case .int(let i): return Int64(i)
        case .long(let l): return l
        case .double(let d):
            let r = d.rounded(.toNearestOrEven)
            guard r.isFinite, abs(r) < 9.2e18 else {
                throw Errors.conversion(v, "System.Int64", "Value was either too large or too small for an Int64.", position ?? .none)
            }
            return Int64(r)
        case .decimal(let d):
            guard let r = d.int64Rounded else {
                throw Errors.conversion(v, "System.Int64", "Value was either too large or too small for an Int64.", position ?? .none)
            }
            return r
        default: return 0
        }
    }

    public static func toInt32(_ v: Value, _ position: ErrorPosition) throws -> Int32 {
        let l = try toInt64(v, position)
        guard l >= Int64(Int32.min) && l <= Int64(Int32.max) else {
            throw Errors.conversion(v, "System.Int32", "Value was either too large or too small for an Int32.", position)
        }
        return Int32(l)
    }

    static func toDecimal(_ v: Value, _ position: ErrorPosition) throws -> NetDecimal {
        // A string reads as decimal text itself (keeping its scale: '1.50'), not as a double.
        if case .string(let s) = v.normalized, let d = NetDecimal(string: s) { return d }
        return try Arithmetic.dec(try toNumber(v, position), position)
    }

    /// A type's default value (for unbound typed parameters).
    static func defaultValue(_ t: PSType) -> Value {
        switch t.kind {
        case .int: return .int(0)
        case .long: return .long(0)
        case .double: return .double(0)
        case .decimal: return .decimal(.zero)
        case .bool: return .false
        case .string: return .string("")
        case .switchParameter: return .object(SwitchParameter(false))
        default: return .null
        }
    }
}
