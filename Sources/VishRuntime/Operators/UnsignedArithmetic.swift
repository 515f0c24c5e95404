/// `+ - * / %` when an operand is UInt32 or UInt64, as pwsh's binder picks the operation
/// (PSBinaryOperationBinder.BinaryNumericOp): the wider type code decides; UInt32 with a
/// signed operand stays UInt32 when that operand is not negative (else Int64 arithmetic);
/// UInt64 with a negative signed operand computes in Decimal. Unsigned results that do
/// not fit become Double (UIntOps, ULongOps).
enum UnsignedArithmetic {
    enum Op { case add, subtract, multiply, divide, remainder }

    /// An operand's .NET type code and value, for the integer kinds this cares about.
    private struct Operand {
        var code: Int    // TypeCode: SByte 5 … UInt64 12
        var signed: Int64?
        var unsigned: UInt64?
        var isNegative: Bool { (signed ?? 0) < 0 }
    }

    private static func operand(_ v: Value) -> Operand? {
        switch v {
        case .int(let i): return Operand(code: 9, signed: Int64(i))
        case .long(let l): return Operand(code: 11, signed: l)
        case .bool(let b): return Operand(code: 9, signed: b ? 1 : 0)
        case .null: return Operand(code: 9, signed: 0)
        case .object(let box as PSScalarBox):
            switch box.value {
            case .sbyte(let x): return Operand(code: 5, signed: Int64(x))
            case .byte(let x): return Operand(code: 6, signed: Int64(x))
            case .int16(let x): return Operand(code: 7, signed: Int64(x))
            case .uint16(let x): return Operand(code: 8, signed: Int64(x))
            case .uint32(let x): return Operand(code: 10, unsigned: UInt64(x))
            case .uint64(let x): return Operand(code: 12, unsigned: x)
            default: return nil
            }
        default: return nil
        }
    }

    private static func isUnsigned(_ v: Value) -> Bool {
        if case .object(let box as PSScalarBox) = v {
            switch box.value {
            case .uint32, .uint64: return true
            default: return false
            }
        }
        return false
    }

    /// The result, or nil when the operation is not an unsigned one (the caller goes on).
    static func apply(_ op: Op, _ l: Value, _ r: Value, _ position: ErrorPosition) throws -> Value? {
        let a = l.normalized
        var b = r.normalized
        guard isUnsigned(a) || isUnsigned(b) else { return nil }
        if case .string = a { return nil }
        if case .string = b { b = try Convert.toNumber(b, position) }
        guard let x = operand(a), let y = operand(b) else { return nil }
        let top = max(x.code, y.code)
        let negative = x.isNegative || y.isNegative
        if top == 10 && !negative { return try uint32(op, UInt32(x.unsigned ?? UInt64(x.signed!)), UInt32(y.unsigned ?? UInt64(y.signed!)), position) }
        if top == 12 && !negative { return try uint64(op, x.unsigned ?? UInt64(x.signed!), y.unsigned ?? UInt64(y.signed!), position) }
        if top == 12 {
            // A negative operand with UInt64: Decimal arithmetic, Double where that overflows.
            let p = x.unsigned.map { NetDecimal(string: String($0))! } ?? NetDecimal(x.signed!)
            let q = y.unsigned.map { NetDecimal(string: String($0))! } ?? NetDecimal(y.signed!)
            let result: NetDecimal?
            switch op {
            case .add: result = p.adding(q)
            case .subtract: result = p.subtracting(q)
            case .multiply: result = p.multiplied(by: q)
            case .divide, .remainder:
                if q.isZero { throw Errors.divideByZero(position) }
                result = op == .divide ? p.divided(by: q) : p.remainder(dividingBy: q)
            }
            if let result { return .decimal(result) }
            return try Arithmetic.binaryDouble(op, p.doubleValue, q.doubleValue)
        }
        return nil    // Int64 arithmetic (a negative operand with UInt32, or Int64 the wider)
    }

    private static func uint32(_ op: Op, _ a: UInt32, _ b: UInt32, _ position: ErrorPosition) throws -> Value {
        func fit(_ v: UInt64) -> Value { v <= UInt64(UInt32.max) ? .object(PSScalarBox(.uint32(UInt32(v)))) : .double(Double(v)) }
        switch op {
        case .add: return fit(UInt64(a) + UInt64(b))
        case .subtract: return a >= b ? fit(UInt64(a - b)) : .double(Double(Int64(a) - Int64(b)))
        case .multiply: return fit(UInt64(a) * UInt64(b))
        case .divide:
            if b == 0 { throw Errors.divideByZero(position) }
            return a % b == 0 ? fit(UInt64(a / b)) : .double(Double(a) / Double(b))
        case .remainder:
            if b == 0 { throw Errors.divideByZero(position) }
            return fit(UInt64(a % b))
        }
    }

    private static func uint64(_ op: Op, _ a: UInt64, _ b: UInt64, _ position: ErrorPosition) throws -> Value {
        func box(_ v: UInt64) -> Value { .object(PSScalarBox(.uint64(v))) }
        switch op {
        case .add:
            let (s, o) = a.addingReportingOverflow(b)
            return o ? .double(Double(a) + Double(b)) : box(s)
        case .subtract: return a >= b ? box(a - b) : .double(Double(a) - Double(b))
        case .multiply:
            let (p, o) = a.multipliedReportingOverflow(by: b)
            return o ? .double(Double(a) * Double(b)) : box(p)
        case .divide:
            if b == 0 { throw Errors.divideByZero(position) }
            return a % b == 0 ? box(a / b) : .double(Double(a) / Double(b))
        case .remainder:
            if b == 0 { throw Errors.divideByZero(position) }
            return box(a % b)
        }
    }
}
