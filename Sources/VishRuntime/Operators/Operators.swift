import Foundation
import VishSyntax

/// Dispatches every binary operator but `-and`, `-or` and `??` (which short-circuit).
enum Operators {
    static func binary(_ op: TokenKind, _ l: Value, _ r: Value, _ s: Scope, _ position: ErrorPosition) throws -> Value {
        let l = l.normalized, r = r.normalized
        switch op {
        case .plus:
            if case .string(let text) = l { return .string(text + Convert.toString(r, s.context.conversion(s))) }
            return try Arithmetic.add(l, r, position)
        case .minus: return try Arithmetic.subtract(l, r, position)
        case .multiply: return try Arithmetic.multiply(l, r, position)
        case .divide: return try Arithmetic.divide(l, r, position)
        case .rem: return try Arithmetic.remainder(l, r, position)
        case .xor: return .bool(Convert.toBool(l) != Convert.toBool(r))
        case .band: return try Arithmetic.bitwise(&, l, r, position)
        case .bor: return try Arithmetic.bitwise(|, l, r, position)
        case .bxor: return try Arithmetic.bitwise(^, l, r, position)
        case .shl: return try Arithmetic.shift(left: true, l, r, position)
        case .shr: return try Arithmetic.shift(left: false, l, r, position)
        case .ieq, .ceq, .ine, .cne:
            let cs = op == .ceq || op == .cne
            let negate = op == .ine || op == .cne
            return try Comparison.filtering(l) { try Comparison.equals($0, r, caseSensitive: cs) != negate }
        case .igt, .cgt, .ige, .cge, .ilt, .clt, .ile, .cle:
            let cs = [.cgt, .cge, .clt, .cle].contains(op)
            return try Comparison.filtering(l) { e in
                let c = try ordering(e, r, cs, position)
                switch op {
                case .igt, .cgt: return c > 0
                case .ige, .cge: return c >= 0
                case .ilt, .clt: return c < 0
                default: return c <= 0
                }
            }
        case .icontains, .ccontains, .inotcontains, .cnotcontains:
            let found = try Comparison.contains(l, r, caseSensitive: op == .ccontains || op == .cnotcontains)
            return .bool(found == (op == .icontains || op == .ccontains))
        case .iin, .cin, .inotin, .cnotin:
            let found = try Comparison.contains(r, l, caseSensitive: op == .cin || op == .cnotin)
            return .bool(found == (op == .iin || op == .cin))
        case .ilike, .clike, .inotlike, .cnotlike:
            let wildcard = Wildcard(Convert.toString(r, ConversionContext()), caseSensitive: op == .clike || op == .cnotlike)
            if !wildcard.isValid {
                throw Errors.runtime("The specified wildcard character pattern is not valid: \(Convert.toString(r, ConversionContext()))",
                                     id: "RuntimeException", position, category: .invalidArgument,
                                     exception: "System.Management.Automation.WildcardPatternException")
            }
            let want = op == .ilike || op == .clike
            if case .object(let o) = l, o.isEnumerable {
                return .object(PSArray(o.enumerate().map { Value.string(Convert.toString($0, ConversionContext())) }
                    .filter { wildcard.matches(Convert.toString($0, ConversionContext())) == want }))
            }
            return .bool(wildcard.matches(Convert.toString(l, ConversionContext())) == want)
        case .imatch, .cmatch, .inotmatch, .cnotmatch:
            let cs = op == .cmatch || op == .cnotmatch
            let want = op == .imatch || op == .cmatch
            let pattern = regexPattern(r)
            if case .object(let o) = l, o.isEnumerable {
                return .object(PSArray(try o.enumerate().filter {
                    try Matching.isMatch(Convert.toString($0, ConversionContext()), pattern, caseSensitive: cs, position) == want
                }))
            }
            return .bool(try Matching.match(Convert.toString(l, ConversionContext()), pattern, caseSensitive: cs,
                                            setMatches: s, position) == want)
        case .ireplace, .creplace:
            return try StringOperators.replace(l, r, caseSensitive: op == .creplace, s, position)
        case .isplit, .csplit:
            return try StringOperators.split(l, r, caseSensitive: op == .csplit, s, position)
        case .join:
            return .string(StringOperators.join(l, separator: r.isNull ? "" : Convert.toString(r, ConversionContext()), s))
        case .format:
            return .string(try StringOperators.format(l, r, position))
        case .is, .isNot:
            guard case .object(let o) = r, let t = o as? TypeObject else {
                if case .string(let name) = r, let t = PSType.named[name.lowercased()] {
                    return .bool(TypeTests.isInstance(l, t) == (op == .is))
                }
                // The right operand converts to a Type, as a cast would.
                throw Errors.runtime("Cannot convert the \"\(Convert.toString(r, ConversionContext()))\" value of type \"\(Convert.typeName(r))\" to type \"System.Type\".",
                                     id: "RuntimeException", position)
            }
            return .bool(TypeTests.isInstance(l, t.type) == (op == .is))
        case .as:
            let type: PSType
            if case .object(let o) = r, let t = o as? TypeObject { type = t.type }
            else if case .string(let name) = r, let t = PSType.named[name.lowercased()] { type = t }
            else { throw Errors.runtime("The right operand of '-as' must be a type.", id: "AsOperatorRequiresType", position) }
            return (try? Convert.to(type, l, position)) ?? .null
        case .dotDot:
            return try range(l, r, position)
        default:
            throw Errors.runtime("The operator '\(op.text)' is not supported.", id: "OperatorNotSupported", position)
        }
    }

    /// `-lt` and friends: `$null` sorts below everything (just below 0 among numbers).
    static func ordering(_ l: Value, _ r: Value, _ cs: Bool, _ position: ErrorPosition) throws -> Int {
        if l.isNullish || r.isNullish {
            if l.isNullish && r.isNullish { return 0 }
            if l.isNullish {
                if Convert.isNumeric(r) { return Comparison.numericCompare(try Convert.toNumber(r, position), .int(0)) >= 0 ? -1 : 1 }
                return -1
            }
            if Convert.isNumeric(l) { return Comparison.numericCompare(try Convert.toNumber(l, position), .int(0)) >= 0 ? 1 : -1 }
            return 1
        }
        return try Comparison.compare(l, r, caseSensitive: cs, position)
    }

    static func regexPattern(_ v: Value) -> String {
        if case .object(let o as RegexObject) = v { return o.pattern }
        return Convert.toString(v, ConversionContext())
    }

    /// `a..b`: integers (or characters) counting up or down, inclusive.
    /// The ends of `l..r` when it counts ints (nil: a range of characters).
    static func intRange(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> (Int, Int)? {
        if rangeChar(l) != nil && rangeChar(r) != nil { return nil }
        return try intRangeBounds(l, r, position)
    }

    private static func intRangeBounds(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> (Int, Int) {
        (Int(try Convert.toInt32(l, position)), Int(try Convert.toInt32(r, position)))
    }

    private static func rangeChar(_ v: Value) -> UInt16? {
        if case .object(let o as PSScalarBox) = v, case .char(let c) = o.value { return c }
        if case .string(let s) = v, s.utf16.count == 1, let c = s.utf16.first, !(c >= 0x30 && c <= 0x39) { return c }
        return nil
    }

    static func range(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let a = rangeChar(l), let b = rangeChar(r) {
            let values = a <= b ? Array(a...b) : Array((b...a).reversed())
            return .object(PSArray(values.map { PSScalarBox.char($0) }))
        }
        let (a, b) = try intRangeBounds(l, r, position)
        let count = abs(b - a) + 1
        try Limits.check(elements: count, position)
        var items: [Value] = []
        items.reserveCapacity(count)
        if a <= b { for i in a...b { items.append(.int(Int32(i))) } } else { for i in stride(from: a, through: b, by: -1) { items.append(.int(Int32(i))) } }
        return .object(PSArray(items))
    }
}

/// `-is`.
enum TypeTests {
    static func isInstance(_ v: Value, _ t: PSType) -> Bool {
        switch (v.normalized, t.kind) {
        case (.null, _): return false
        case (_, .object), (_, .psobject): return t.kind == .object || isPSObject(v)
        case (.int, .int), (.long, .long), (.double, .double), (.decimal, .decimal), (.string, .string), (.bool, .bool):
            return true
        case (.object(let o as PSArray), .array):
            if t.fullName == "System.Array" { return true }
            return (t.element?.kind ?? .object) == (o.elementType?.kind ?? .object)
        case (.object(let o), _):
            if t.kind == .unresolved { return o.typeNames.contains { $0.caseInsensitiveCompare(t.fullName) == .orderedSame } }
            return o.typeNames.contains { $0.caseInsensitiveCompare(t.fullName) == .orderedSame }
                || (t.kind == .pscustomobject && o is PSCustomObject)
        case (.int, _), (.long, _), (.double, _), (.decimal, _), (.bool, _):
            return t.fullName == "System.ValueType"
        default: return false
        }
    }

    static func isPSObject(_ v: Value) -> Bool {
        if case .object(let o) = v { return o is PSCustomObject }
        return false
    }
}
