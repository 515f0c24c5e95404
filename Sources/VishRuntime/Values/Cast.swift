import Foundation
import VishSyntax

extension Convert {
    /// `[type]$value`: converts or throws pwsh's "Cannot convert value …" error.
    public static func to(_ type: PSType, _ value: Value, _ position: ErrorPosition) throws -> Value {
        let v = value.normalized
        switch type.kind {
        case .object, .psobject, .unresolved:
            return v
        case .string:
            return .string(v.isNull ? "" : toString(v, ConversionContext()))
        case .bool:
            if case .string(let s) = v {
                // [bool]"false" is true (non-empty); only numbers and bools are special.
                return .bool(!s.isEmpty)
            }
            return .bool(toBool(v))
        case .int:
            if case .int = v { return v }
            return .int(try integer(v, type, Int64(Int32.min), Int64(Int32.max), position).map { Int32($0) } ?? 0)
        case .long:
            if case .long = v { return v }
            return .long(try integer(v, type, Int64.min, Int64.max, position) ?? 0)
        case .double:
            if case .double = v { return v }
            return .double(try numericOrFail(v, type, position) { try toDouble($0, position) })
        case .single:
            return .object(PSScalarBox(.single(Float(try numericOrFail(v, type, position) { try toDouble($0, position) }))))
        case .decimal:
            if case .decimal = v { return v }
            // Decimal text parses as a decimal (Decimal.Parse keeps '1.50' at two places).
            if case .string(let s) = v, let d = NetDecimal(string: s) { return .decimal(d) }
            return .decimal(try numericOrFail(v, type, position) { try toDecimal($0, position) })
        case .byte:
            return .object(PSScalarBox(.byte(UInt8(try integer(v, type, 0, 255, position) ?? 0))))
        case .sbyte:
            return .object(PSScalarBox(.sbyte(Int8(try integer(v, type, -128, 127, position) ?? 0))))
        case .int16:
            return .object(PSScalarBox(.int16(Int16(try integer(v, type, Int64(Int16.min), Int64(Int16.max), position) ?? 0))))
        case .uint16:
            return .object(PSScalarBox(.uint16(UInt16(try integer(v, type, 0, Int64(UInt16.max), position) ?? 0))))
        case .uint32:
            return .object(PSScalarBox(.uint32(UInt32(try integer(v, type, 0, Int64(UInt32.max), position) ?? 0))))
        case .uint64:
            return .object(PSScalarBox(.uint64(UInt64(try integer(v, type, 0, Int64.max, position) ?? 0))))
        case .bigint:
            return .object(PSScalarBox(.bigint(try toBigInt(v, position))))
        case .char:
            return try toChar(v, position)
        case .array:
            let element = type.element ?? .object
            let items: [Value]
            // An array type is a reference type: $null stays $null.
            if v.isNull { return .null }
            if element.kind == .char, case .string(let text) = v {
                return .object(PSArray(text.utf16.map { PSScalarBox.char($0) }, elementType: element))
            }
            if case .object(let o) = v, o.isEnumerable { items = o.enumerate() } else if v.isNull { items = [] } else { items = [v] }
            if element.kind == .object { return .object(PSArray(items)) }
            return .object(PSArray(try items.map { try to(element, $0, position) }, elementType: element))
        case .hashtable:
            if let h = v.asHashtable { return .object(h.isOrdered ? h.copy(ordered: false) : h) }
            if case .object(let o as PSCustomObject) = v {
                let h = PSHashtable()
                for n in o.names { h[.string(n)] = o.getProperty(n) ?? .null }
                return .object(h)
            }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .ordered:
            if let h = v.asHashtable { return .object(h) }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .pscustomobject:
            if let h = v.asHashtable {
                let o = PSCustomObject()
                for (k, val) in zip(h.keys, h.values) { o.add(toString(k, ConversionContext()), val) }
                return .object(o)
            }
            return v
        case .scriptblock:
            if case .object(let o as ScriptBlockObject) = v { return .object(o) }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .switchParameter:
            return .object(SwitchParameter(toBool(v)))
        case .datetime:
            if case .object(let d as PSDateTime) = v { return .object(d) }
            if v.isNull {
                let r = ErrorRecord("System.Management.Automation.PSInvalidCastException", "Cannot convert null to type \"System.DateTime\".",
                                    id: "nullToObjectInvalidCast", category: .invalidArgument, position: position)
                r.atSequencePoint = true
                throw r
            }
            if case .string(let s) = v, let d = DateParsing.parse(s) { return .object(d) }
            if case .long(let t) = v { return .object(PSDateTime(ticks: t)) }
            throw Errors.conversion(v, type.fullName, "String '\(toString(v, ConversionContext()))' was not recognized as a valid DateTime.", position)
        case .timespan:
            if case .object(let t as PSTimeSpan) = v { return .object(t) }
            if case .int(let i) = v { return .object(PSTimeSpan(ticks: Int64(i))) }
            if case .long(let l) = v { return .object(PSTimeSpan(ticks: l)) }
            if case .string(let s) = v, let t = DateParsing.parseTimeSpan(s) { return .object(t) }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .regex:
            return .object(RegexObject(toString(v, ConversionContext()), options: []))
        case .guid:
            if case .object(let g as GuidObject) = v { return .object(g) }
            // Any of .NET's spellings: 32 hex digits, with dashes, in braces or parentheses.
            let text = toString(v, ConversionContext()).trimmingCharacters(in: .whitespaces)
            let hex = text.filter { $0.isHexDigit }
            let plain = text.filter { !"{}()-".contains($0) }
            guard hex.count == 32, plain.count == 32 else {
                throw Errors.conversion(v, type.fullName, "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).", position)
            }
            let h = Array(hex.lowercased())
            let parts = [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }
            return .object(GuidObject(parts.joined(separator: "-")))
        case .version:
            if case .object(let o as VersionObject) = v { return .object(o) }
            if let version = VersionObject(toString(v, ConversionContext())) { return .object(version) }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .type:
            if case .object(let t as TypeObject) = v { return .object(t) }
            if case .string(let s) = v, let t = PSType.named[s.lowercased()] { return .object(TypeObject(t)) }
            throw Errors.conversion(v, type.fullName, nil, position)
        case .arrayList, .list:
            if v.isNull { return .null }
            let items: [Value]
            if case .object(let o) = v, o.isEnumerable { items = o.enumerate() } else { items = [v] }
            let converted = try type.element.map { e in try items.map { try to(e, $0, position) } } ?? items
            return .object(PSList(converted, type: type))
        case .stack, .queue, .hashSet:
            // Through the constructor that takes a collection.
            if v.isNull { return .null }
            if case .object(let c as PSGenericCollection) = v, c.type.fullName == type.fullName { return v }
            let c = PSGenericCollection(type)
            if case .object(let o) = v, o.isEnumerable { try c.add(contentsOf: o.enumerate(), position) }
            else if !v.isNull { try c.add(contentsOf: [v], position) }
            return .object(c)
        case .nullable:
            if v.isNull { return .null }
            return try to(type.element ?? .object, v, position)
        case .void:
            return AutomationNull.value
        case .enumType:
            guard let e = Enums.find(type.fullName) else { return v }
            return try e.convert(v, position)
        case .psclass:
            guard let c = Classes.find(type.fullName), let scope = c.definingScope ?? Classes.sessionScope else { return v }
            return try c.convert(v, scope, position)
        default:
            return v
        }
    }

    private static func numericOrFail<T>(_ v: Value, _ type: PSType, _ position: ErrorPosition, _ f: (Value) throws -> T) throws -> T {
        switch v {
        case .string(let s):
            if s.trimmingCharacters(in: .whitespaces).isEmpty { return try f(.int(0)) }
            guard let n = parseNumber(s) ?? thousandsNumber(s.trimmingCharacters(in: .whitespaces)) else {
                throw Errors.conversion(v, type.fullName, "The input string '\(s)' was not in a correct format.", position)
            }
            return try f(n)
        case .object(let o) where !(o is PSScalarBox) && !(o is SwitchParameter) && !(o is PSArray) && !(o is EnumValue):
            throw Errors.conversion(v, type.fullName, nil, position)
        default:
            return try f(v)
        }
    }

    /// An integer cast: doubles round half to even; out of range is an error.
    private static func integer(_ v: Value, _ type: PSType, _ lo: Int64, _ hi: Int64, _ position: ErrorPosition) throws -> Int64? {
        let n: Value = try numericOrFail(v, type, position) { try toNumber($0, position) }
        let result: Int64
        switch n {
        case .int(let i): result = Int64(i)
        case .long(let l): result = l
        case .double(let d):
            let r = d.rounded(.toNearestOrEven)
            guard r.isFinite, r >= Double(lo) - 0.5, r <= Double(hi) + 0.5, abs(r) < 9.2e18 else {
                throw Errors.conversion(v, type.fullName, "Value was either too large or too small for \(overflowName(type)).", position)
            }
            result = Int64(r)
        case .decimal(let d):
            guard let r = d.int64Rounded else {
                throw Errors.conversion(v, type.fullName, "Value was either too large or too small for \(overflowName(type)).", position)
            }
            result = r
        default: result = 0
        }
        guard result >= lo && result <= hi else {
            throw Errors.conversion(v, type.fullName, "Value was either too large or too small for \(overflowName(type)).", position)
        }
        return result
    }

    /// How .NET's overflow messages name a type ("an Int32", "an unsigned byte").
    static func overflowName(_ t: PSType) -> String {
        switch t.kind {
        case .byte: return "an unsigned byte"
        case .sbyte: return "a signed byte"
        default: return "\(article(t)) \(t.name)"
        }
    }

    private static func article(_ t: PSType) -> String {
        let first = t.name.lowercased().first ?? "x"
        return "aeiou".contains(first) ? "an" : "a"
    }

    static func toChar(_ v: Value, _ position: ErrorPosition) throws -> Value {
        switch v {
        case .string(let s):
            let units = Array(s.utf16)
            guard units.count == 1 else {
                throw Errors.conversion(v, "System.Char", "String must be exactly one character long.", position)
            }
            return PSScalarBox.char(units[0])
        case .object(let o as PSScalarBox):
            if case .char = o.value { return v }
            return PSScalarBox.char(UInt16(truncatingIfNeeded: Int(o.value.doubleValue)))
        default:
            let n = try toInt64(v, position)
            guard n >= 0 && n <= 0xFFFF else {
                throw Errors.conversion(v, "System.Char", "Value was either too large or too small for a character.", position)
            }
            return PSScalarBox.char(UInt16(n))
        }
    }
}

extension Convert {
    /// A value as System.Numerics.BigInteger: integers exactly, reals toward zero (as
    /// `(BigInteger)d`), text as BigInteger.Parse reads it or as a number.
    static func toBigInt(_ v: Value, _ position: ErrorPosition) throws -> BigInt {
        switch v.normalized {
        case .null: return .zero
        case .bool(let b): return BigInt(Int64(b ? 1 : 0))
        case .int(let i): return BigInt(Int64(i))
        case .long(let l): return BigInt(l)
        case .double(let d):
            guard let b = BigInt(truncating: d) else {
                throw Errors.conversion(v, "System.Numerics.BigInteger", "BigInteger cannot represent infinity.", position)
            }
            return b
        case .decimal(let d): return BigInt(d.rounded(.towardZero).description) ?? .zero
        case .string(let text):
            if let b = BigInt(text) { return b }
            return try toBigInt(try toNumber(v, position), position)
        case .object(let box as PSScalarBox):
            switch box.value {
            case .bigint(let b): return b
            case .uint64(let u): return BigInt(u)
            case .single(let f): return try toBigInt(.double(Double(f)), position)
            default: return try toBigInt(try toNumber(v, position), position)
            }
        default:
            return try toBigInt(try toNumber(v, position), position)
        }
    }
}
