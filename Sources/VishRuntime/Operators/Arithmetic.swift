import Foundation

/// `+ - * / %` with pwsh's numeric rules: the result has the wider operand type; Int32
/// and Int64 results that overflow become Double; integer division that does not come
/// out even gives a Double; strings on the right convert to numbers; a string on the
/// left concatenates; arrays and hashtables on the left append or merge.
enum Arithmetic {
    enum Rank: Int { case int = 0, long, double, decimal }

    static func rank(_ v: Value) -> Rank? {
        switch v {
        case .int: return .int
        case .long: return .long
        case .double: return .double
        case .decimal: return .decimal
        default: return nil
        }
    }

    /// Both operands as numbers of the wider rank.
    static func numbers(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> (Value, Value, Rank) {
        let a = try Convert.toNumber(l, position)
        let b: Value
        do {
            b = try Convert.toNumber(r, position)
        } catch let e as ErrorRecord {
            // Text on the right is converted to the left operand's type: the error names it.
            if case .string(let text) = r.normalized, e.exceptionType == "System.Management.Automation.PSInvalidCastException" {
                throw Errors.conversion(r, Convert.typeName(a), "The input string '\(text)' was not in a correct format.", position)
            }
            throw e
        }
        let ra = rank(a) ?? .int, rb = rank(b) ?? .int
        var top = max(ra.rawValue, rb.rawValue)
        // Double beats decimal only when mixed? pwsh: decimal op double → decimal is an
        // error-prone mix; .NET converts double to decimal.
        if (ra == .double && rb == .decimal) || (ra == .decimal && rb == .double) { top = Rank.decimal.rawValue }
        return (a, b, Rank(rawValue: top)!)
    }

    static func isBig(_ v: Value) -> Bool {
        if case .object(let b as PSScalarBox) = v, case .bigint = b.value { return true }
        return false
    }

    /// Both operands as BigInteger when either is one (the other converted, a real toward
    /// zero as .NET's BigInteger operators take it); nil otherwise, and for text or a
    /// collection on the left (concatenation, repetition).
    static func bigOperands(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> (BigInt, BigInt)? {
        let a = l.normalized, b = r.normalized
        guard isBig(a) || isBig(b) else { return nil }
        if case .string = a { return nil }
        if case .object(let o) = a, !(o is PSScalarBox), o !== AutomationNull.shared { return nil }
        return (try Convert.toBigInt(a, position), try Convert.toBigInt(b, position))
    }

    static func big(_ v: BigInt) -> Value { .object(PSScalarBox(.bigint(v))) }

    static func binaryDouble(_ op: UnsignedArithmetic.Op, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide: return .double(x / y)
        case .remainder: return .double(fmod(x, y))
        }
    }

    static func dbl(_ v: Value) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .long(let l): return Double(l)
        case .double(let d): return d
        case .decimal(let d): return d.doubleValue
        default: return 0
        }
    }

    static func lng(_ v: Value) -> Int64 {
        switch v {
        case .int(let i): return Int64(i)
        case .long(let l): return l
        default: return 0
        }
    }

    static func dec(_ v: Value, _ position: ErrorPosition) throws -> NetDecimal {
        switch v {
        case .int(let i): return NetDecimal(Int64(i))
        case .long(let l): return NetDecimal(l)
        case .double(let d):
            guard let x = NetDecimal(double: d) else { throw decimalOverflow(position) }
            return x
        case .decimal(let d): return d
        default: return .zero
        }
    }

    /// A decimal result, or .NET's OverflowException when it does not fit.
    static func decimalResult(_ r: NetDecimal?, _ position: ErrorPosition) throws -> Value {
        guard let r else { throw decimalOverflow(position) }
        return .decimal(r)
    }

    static func decimalOverflow(_ position: ErrorPosition) -> ErrorRecord {
        let e = ErrorRecord("System.Management.Automation.RuntimeException", "Value was either too large or too small for a Decimal.",
                            id: "RuntimeException", category: .notSpecified, position: position)
        e.innerType = "System.OverflowException"
        e.innerMessage = e.message
        e.atSequencePoint = true
        return e
    }

    /// `+` on two numbers of the common kinds, without conversions (nil otherwise).
    @inline(__always) static func fastAdd(_ l: Value, _ r: Value) -> Value? {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let (v, o) = a.addingReportingOverflow(b)
            return o ? .double(Double(a) + Double(b)) : .int(v)
        case (.long(let a), .int(let b)):
            let (v, o) = a.addingReportingOverflow(Int64(b))
            return o ? .double(Double(a) + Double(b)) : .long(v)
        case (.int(let a), .long(let b)):
            let (v, o) = Int64(a).addingReportingOverflow(b)
            return o ? .double(Double(a) + Double(b)) : .long(v)
        case (.long(let a), .long(let b)):
            let (v, o) = a.addingReportingOverflow(b)
            return o ? .double(Double(a) + Double(b)) : .long(v)
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.double(let a), .int(let b)): return .double(a + Double(b))
        case (.int(let a), .double(let b)): return .double(Double(a) + b)
        default: return nil
        }
    }

    static func add(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let v = fastAdd(l, r) { return v }
        if let (x, y) = try bigOperands(l, r, position) { return big(x + y) }
        if let v = try UnsignedArithmetic.apply(.add, l, r, position) { return v }
        switch l {
        case .string(let s):
            return .string(s + Convert.toString(r, ConversionContext()))
        case .object(let o):
            if let a = o as? PSArray {
                var items = a.items
                if case .object(let ro) = r, ro.isEnumerable { items += ro.enumerate() } else { items.append(r.normalized) }
                return .object(PSArray(items))
            }
            if let h = o as? PSHashtable {
                guard let other = r.asHashtable else {
                    throw Errors.runtime("A hash table can only be added to another hash table.", id: "AddHashTableToNonHashTable", position)
                }
                let result = h.copy()
                for (k, v) in zip(other.keys, other.values) {
                    if let existing = result.storedKey(k) {
                        throw Errors.runtime("Item has already been added. Key in dictionary: '\(Convert.toString(existing, ConversionContext()))'  Key being added: '\(Convert.toString(k, ConversionContext()))'",
                                             id: "System.ArgumentException", position, category: .operationStopped,
                                             exception: "System.ArgumentException")
                    }
                    result[k] = v
                }
                return .object(result)
            }
            if let list = o as? PSList {
                var items = list.items
                if case .object(let ro) = r, ro.isEnumerable { items += ro.enumerate() } else { items.append(r) }
                return .object(PSArray(items))
            }
            if o === AutomationNull.shared { return try add(.null, r, position) }
            if let d = o as? PSDateTime, case .object(let t as PSTimeSpan) = r { return .object(PSDateTime(ticks: d.ticks + t.ticks, kind: d.kind)) }
            if let t = o as? PSTimeSpan, case .object(let u as PSTimeSpan) = r { return .object(PSTimeSpan(ticks: t.ticks + u.ticks)) }
            if let e = o as? EnumValue, let def = Enums.find(e.enumType) {
                // Enum arithmetic keeps the enum type.
                let sum = try add(.int(Int32(truncatingIfNeeded: e.value)), r, position)
                return .object(def.value(Int(try Convert.toInt64(sum, position))))
            }
            if let b = o as? PSScalarBox {
                // A char on the left concatenates, as a string would.
                if case .char(let c) = b.value {
                    return .string(String(utf16CodeUnits: [c], count: 1) + Convert.toString(r, ConversionContext()))
                }
                break
            }
            throw opNotDefined("+", l, r, position)
        case .null:
            if case .string = r { return r }
            if case .object(let ro) = r, ro.isEnumerable { return .object(PSArray(ro.enumerate())) }
            // `$null + x` is x for anything not a number (`$h += @{…}` on an unset `$h`).
            if case .object(let ro) = r, !(ro is PSScalarBox), ro !== AutomationNull.shared { return r }
            if r.isNullish { return .null }
        default:
            // A number plus a collection: .NET looks for the collection type's operator.
            if Convert.isNumeric(l), case .object(let ro) = r.normalized, ro.isEnumerable, !(ro is PSHashtable) {
                throw Errors.runtime("Method invocation failed because [\(ro.typeName)] does not contain a method named 'op_Addition'.",
                                     id: "MethodNotFound", position)
            }
        }
        let (a, b, rank) = try numbers(l, r, position)
        switch rank {
        case .int:
            let x = Int32(lng(a)), y = Int32(lng(b))
            let (v, o) = x.addingReportingOverflow(y)
            return o ? .double(Double(x) + Double(y)) : .int(v)
        case .long:
            let (v, o) = lng(a).addingReportingOverflow(lng(b))
            return o ? .double(dbl(a) + dbl(b)) : .long(v)
        case .double: return .double(dbl(a) + dbl(b))
        case .decimal: return try decimalResult(try dec(a, position).adding(try dec(b, position)), position)
        }
    }

    static func subtract(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let (x, y) = try bigOperands(l, r, position) { return big(x - y) }
        if let v = try UnsignedArithmetic.apply(.subtract, l, r, position) { return v }
        if case .object(let o) = l {
            if let d = o as? PSDateTime {
                if case .object(let t as PSTimeSpan) = r { return .object(PSDateTime(ticks: d.ticks - t.ticks, kind: d.kind)) }
                if case .object(let e as PSDateTime) = r { return .object(PSTimeSpan(ticks: d.ticks - e.ticks)) }
            }
            if let t = o as? PSTimeSpan, case .object(let u as PSTimeSpan) = r { return .object(PSTimeSpan(ticks: t.ticks - u.ticks)) }
            if let e = o as? EnumValue, let def = Enums.find(e.enumType) {
                // Enum minus enum is a number; enum minus a number stays an enum.
                if case .object(let f as EnumValue) = r.normalized {
                    return try subtract(.int(Int32(truncatingIfNeeded: e.value)), .int(Int32(truncatingIfNeeded: f.value)), position)
                }
                let difference = try subtract(.int(Int32(truncatingIfNeeded: e.value)), r, position)
                return .object(def.value(Int(try Convert.toInt64(difference, position))))
            }
            if !(o is PSScalarBox) && o !== AutomationNull.shared { throw opNotDefined("-", l, r, position) }
        }
        let (a, b, rank) = try numbers(l, r, position)
        switch rank {
        case .int:
            let x = Int32(lng(a)), y = Int32(lng(b))
            let (v, o) = x.subtractingReportingOverflow(y)
            return o ? .double(Double(x) - Double(y)) : .int(v)
        case .long:
            let (v, o) = lng(a).subtractingReportingOverflow(lng(b))
            return o ? .double(dbl(a) - dbl(b)) : .long(v)
        case .double: return .double(dbl(a) - dbl(b))
        case .decimal: return try decimalResult(try dec(a, position).subtracting(try dec(b, position)), position)
        }
    }

    static func multiply(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let (x, y) = try bigOperands(l, r, position) { return big(x * y) }
        if let v = try UnsignedArithmetic.apply(.multiply, l, r, position) { return v }
        switch l {
        case .string(let s):
            let n = try Convert.toInt64(r, position)
            if n < 0 {
                // String.Concat's check (.NET 8's ArgumentOutOfRangeException text).
                let message = "times ('\(n)') must be a non-negative value. (Parameter 'times')\nActual value was \(n)."
                let e = ErrorRecord("System.Management.Automation.RuntimeException", message, id: "ArgumentOutOfRangeException",
                                    category: .operationStopped, position: position)
                e.innerType = "System.ArgumentOutOfRangeException"
                e.innerMessage = message
                e.atSequencePoint = true
                throw e
            }
            if n > 0 { try Limits.check(length: s.utf16.count.multipliedReportingOverflow(by: Int(min(n, Int64(Int32.max)))).overflow ? -1 : s.utf16.count * Int(n), position) }
            return .string(n > 0 ? String(repeating: s, count: Int(n)) : "")
        case .object(let o):
            if let a = o as? PSArray {
                let n = try Convert.toInt64(r, position)
                if n > 0 { try Limits.check(elements: a.items.count.multipliedReportingOverflow(by: Int(min(n, Int64(Int32.max)))).overflow ? -1 : a.items.count * Int(n), position) }
                var items: [Value] = []
                for _ in 0..<max(0, Int(n)) { items += a.items }
                // A typed array stays typed ([int[]] * 2 is Int32[]).
                return .object(PSArray(items, elementType: a.elementType))
            }
            if o === AutomationNull.shared { return .null }
            if !(o is PSScalarBox) { throw opNotDefined("*", l, r, position) }
        case .null:
            return .null
        case .bool:
            throw opNotDefined("*", l, r, position)
        default: break
        }
        let (a, b, rank) = try numbers(l, r, position)
        switch rank {
        case .int:
            let x = Int32(lng(a)), y = Int32(lng(b))
            let (v, o) = x.multipliedReportingOverflow(by: y)
            return o ? .double(Double(x) * Double(y)) : .int(v)
        case .long:
            let (v, o) = lng(a).multipliedReportingOverflow(by: lng(b))
            return o ? .double(dbl(a) * dbl(b)) : .long(v)
        case .double: return .double(dbl(a) * dbl(b))
        case .decimal: return try decimalResult(try dec(a, position).multiplied(by: try dec(b, position)), position)
        }
    }

    static func divide(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let (x, y) = try bigOperands(l, r, position) {
            guard let qr = x.quotientAndRemainder(dividingBy: y) else { throw Errors.divideByZero(position) }
            return big(qr.quotient)
        }
        if let v = try UnsignedArithmetic.apply(.divide, l, r, position) { return v }
        if case .object(let o) = l, !(o is PSScalarBox), o !== AutomationNull.shared { throw opNotDefined("/", l, r, position) }
        let (a, b, rank) = try numbers(l, r, position)
        switch rank {
        case .int, .long:
            let x = lng(a), y = lng(b)
            if y == 0 { throw Errors.divideByZero(position) }
            if x % y == 0 && !(x == Int64.min && y == -1) {
                let q = x / y
                if rank == .int, let i = Int32(exactly: q) { return .int(i) }
                return .long(q)
            }
            return .double(Double(x) / Double(y))
        case .double:
            return .double(dbl(a) / dbl(b))
        case .decimal:
            let y = try dec(b, position)
            if y.isZero { throw Errors.divideByZero(position) }
            return try decimalResult(try dec(a, position).divided(by: y), position)
        }
    }

    static func remainder(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        if let (x, y) = try bigOperands(l, r, position) {
            guard let qr = x.quotientAndRemainder(dividingBy: y) else { throw Errors.divideByZero(position) }
            return big(qr.remainder)
        }
        if let v = try UnsignedArithmetic.apply(.remainder, l, r, position) { return v }
        if case .object(let o) = l, !(o is PSScalarBox), o !== AutomationNull.shared { throw opNotDefined("%", l, r, position) }
        let (a, b, rank) = try numbers(l, r, position)
        switch rank {
        case .int, .long:
            let y = lng(b)
            if y == 0 { throw Errors.divideByZero(position) }
            let v = y == -1 ? 0 : lng(a) % y
            return rank == .int ? .int(Int32(v)) : .long(v)
        case .double:
            return .double(fmod(dbl(a), dbl(b)))
        case .decimal:
            let y = try dec(b, position)
            if y.isZero { throw Errors.divideByZero(position) }
            return try decimalResult(try dec(a, position).remainder(dividingBy: y), position)
        }
    }

    static func negate(_ v: Value, _ position: ErrorPosition) throws -> Value {
        if isBig(v.normalized), case .object(let b as PSScalarBox) = v.normalized, case .bigint(let x) = b.value { return big(-x) }
        switch try Convert.toNumber(v, position) {
        case .int(let i): return i == Int32.min ? .long(-Int64(i)) : .int(-i)
        case .long(let l): return l == Int64.min ? .double(-Double(l)) : .long(-l)
        case .double(let d): return .double(-d)
        case .decimal(let d): return .decimal(d.negated)
        default: return .int(0)
        }
    }

    static func plus(_ v: Value, _ position: ErrorPosition) throws -> Value {
        try Convert.toNumber(v, position)
    }

    static func bitwiseNot(_ v: Value, _ position: ErrorPosition) throws -> Value {
        // UInt32 and UInt64 keep their type (pwsh's unsigned -bnot); smaller types widen to int.
        if case .object(let box as PSScalarBox) = v.normalized {
            switch box.value {
            case .uint32(let u): return .object(PSScalarBox(.uint32(~u)))
            case .uint64(let u): return .object(PSScalarBox(.uint64(~u)))
            default: break
            }
        }
        switch try Convert.toNumber(v, position) {
        case .int(let i): return .int(~i)
        case .long(let l): return .long(~l)
        default:
            let l = try Convert.toInt64(v, position)
            return l >= Int64(Int32.min) && l <= Int64(Int32.max) ? .int(~Int32(l)) : .long(~l)
        }
    }

    static func bitwise(_ op: (Int64, Int64) -> Int64, _ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        // An enum on the left keeps its type (flags combine: Alias -bor Application).
        if case .object(let e as EnumValue) = l.normalized, let def = Enums.find(e.enumType) {
            let y = try Convert.toInt64(try Convert.toNumber(r, position), position)
            return .object(def.value(Int(op(Int64(e.value), y))))
        }
        let a = try Convert.toNumber(l, position), b = try Convert.toNumber(r, position)
        let x = try Convert.toInt64(a, position), y = try Convert.toInt64(b, position)
        let v = op(x, y)
        if case .int = a, case .int = b { return .int(Int32(truncatingIfNeeded: v)) }
        return .long(v)
    }

    static func shift(left: Bool, _ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value {
        let a = try Convert.toNumber(l, position)
        let n = Int(try Convert.toInt64(r, position))
        if case .int(let i) = a {
            let s = n & 31
            return .int(left ? i << s : i >> s)
        }
        let x = try Convert.toInt64(a, position)
        let s = n & 63
        return .long(left ? x << s : x >> s)
    }

    static func opNotDefined(_ op: String, _ l: Value, _ r: Value, _ position: ErrorPosition) -> ErrorRecord {
        if case .bool = l {
            return Errors.runtime("The operation '[System.Boolean] \(op) [\(Convert.typeName(r))]' is not defined.",
                                  id: "NotADefinedOperationForType", position)
        }
        return Errors.runtime("Method invocation failed because [\(Convert.typeName(l))] does not contain a method named 'op_\(opName(op))'.",
                       id: "MethodNotFound", position)
    }

    private static func opName(_ op: String) -> String {
        switch op {
        case "+": return "Addition"
        case "-": return "Subtraction"
        case "*": return "Multiply"
        case "/": return "Division"
        default: return "Modulus"
        }
    }
}
