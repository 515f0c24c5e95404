import VishSyntax

/// Receives what a statement or command writes to the pipeline.
public protocol Sink: AnyObject {
    func emit(_ value: Value) throws
}

/// Collects output (a command used as a value: `$x = Get-VM`).
public final class CollectSink: Sink {
    public var items: [Value] = []
    public init() {}
    public func emit(_ value: Value) { items.append(value) }

    /// pwsh's rule for a pipeline's value: nothing → AutomationNull (reads as $null, but
    /// `@($x)` of it is empty), one → it, more → object[].
    public var result: Value {
        switch items.count {
        case 0: return AutomationNull.value
        case 1: return items[0]
        default: return .object(PSArray(items))
        }
    }
}

/// A pipeline's value (see CollectSink.result) without an array for the common single value.
final class ValueSink: Sink {
    private var count = 0
    private var first = Value.null
    private var all: [Value] = []
    func emit(_ value: Value) {
        if count == 0 {
            first = value
        } else {
            if count == 1 { all.append(first) }
            all.append(value)
        }
        count += 1
    }
    /// What was written, in order.
    var items: [Value] { count == 0 ? [] : (count == 1 ? [first] : all) }
    var result: Value {
        switch count {
        case 0: return AutomationNull.value
        case 1: return first
        default: return .object(PSArray(all))
        }
    }

    /// The value of what `body` writes. Sinks are reused (a parenthesised call is made
    /// on every evaluation): one goes back to the session's spares when nothing kept it.
    @inline(__always) static func collect(_ s: Scope, preserving: Bool = false, _ body: (ValueSink) throws -> Void) rethrows -> Value {
        try s.withContext { context in
            let depth = context.captureDepth
            if depth == context.captureSinks.count { context.captureSinks.append(ValueSink()) }
            // Used without retaining: the array holds it, and a deeper capture that grows the
            // array moves the reference, not the sink.
            let sink = context.captureSinks.withUnsafeBufferPointer { Unmanaged.passUnretained($0[depth]) }
            context.captureDepth = depth + 1
            defer {
                context.captureDepth = depth
                context.captureSinks.withUnsafeMutableBufferPointer { buf in
                    // Something kept the sink (it may still write to it): it is not reused.
                    if !isKnownUniquelyReferenced(&buf[depth]) { buf[depth] = ValueSink() }
                }
            }
            return try sink._withUnsafeGuaranteedRef { sink in
                do {
                    try body(sink)
                } catch {
                    context.captureInterrupted(sink.items, by: error, preserving: preserving)
                    sink.reset()
                    throw error
                }
                return sink.take()
            }
        }
    }

    /// The result, leaving the sink empty for the next capture.
    @inline(__always) func take() -> Value {
        switch count {
        case 0:
            return AutomationNull.value
        case 1:
            count = 0
            return withUnsafeMutablePointer(to: &first) { p in
                let v = p.move()
                p.initialize(to: .null)
                return v
            }
        default:
            let v = Value.object(PSArray(all))
            reset()
            return v
        }
    }

    func reset() {
        count = 0
        first = .null
        if !all.isEmpty { all = [] }
    }
}

/// The truth of a block's output (Where-Object's filter) without keeping it: nothing is
/// false, one value is its own truth, several are true.
final class TruthSink: Sink {
    private var count = 0
    private var first = Value.null
    func emit(_ value: Value) {
        if count == 0 { first = value }
        count += 1
    }
    var truth: Bool { count == 0 ? false : (count == 1 ? Convert.toBool(first) : true) }
    func reset() {
        count = 0
        first = .null
    }
}

/// Discards output (`$null = …`, `[void]`, `| Out-Null`).
public final class NullSink: Sink {
    public static let shared = NullSink()
    public func emit(_ value: Value) {}
}

/// A compiled expression.
class Expr {
    let range: SourceRange
    init(_ range: SourceRange) { self.range = range }
    func eval(_ s: Scope) throws -> Value { fatalError("abstract") }
    /// The value's truth, for conditions (a comparison answers without making a value).
    func truth(_ s: Scope) throws -> Bool { Convert.toBool(try eval(s)) }
}

/// A compiled statement: runs and writes its output to `out`.
class Stmt {
    let range: SourceRange
    /// The expression when the statement is just one (conditions evaluate it directly).
    final let pureExpr: Expr?
    init(_ range: SourceRange, pureExpr: Expr? = nil) {
        self.range = range
        self.pureExpr = pureExpr
    }
    func exec(_ s: Scope, _ out: Sink) throws { fatalError("abstract") }
}

/// Calls through a node without retaining it. The compiled tree owns its nodes while it
/// runs; Swift would otherwise retain and release a node around each call made through
/// an optional, a cast or an array element, and on the evaluation loop that traffic
/// costs more than the work.
/// The address a stored optional reference holds, read without retaining it.
@inline(__always) func referenceBits<T: AnyObject>(_ p: UnsafePointer<T?>) -> UnsafeRawPointer? {
    UnsafeRawPointer(p).load(as: UnsafeRawPointer?.self)
}

/// The same for a non-optional stored reference.
@inline(__always) func referenceBits<T: AnyObject>(_ p: UnsafePointer<T>) -> UnsafeRawPointer? {
    UnsafeRawPointer(p).load(as: UnsafeRawPointer?.self)
}

@inline(__always) func unretained<T: AnyObject, R>(_ node: T, _ body: (T) throws -> R) rethrows -> R {
    try Unmanaged.passUnretained(node)._withUnsafeGuaranteedRef(body)
}

/// Writes a value to the pipeline as pwsh does: collections are unrolled one level
/// (arrays, lists; not hashtables or strings); AutomationNull writes nothing.
@inline(__always) func emitEnumerated(_ v: Value, _ out: Sink) throws {
    if case .object(let o) = v {
        if o.isEnumerable {
            // `[void]` elements of an array are nothing, not $null.
            for item in o.enumerate() {
                if case .object(let io) = item, io === AutomationNull.shared { continue }
                try out.emit(item)
            }
            return
        }
        if o === AutomationNull.shared { return }
    }
    try out.emit(v)
}

/// "Nothing": what a void method returns or an empty pipeline produces. It converts to
/// $null but, unlike $null, is not written to the pipeline.
/// `[DBNull]::Value`: a database's "no value", an object that prints as nothing (it is
/// not `$null`: `??` keeps it).
public final class DBNullValue: PSObjectBase {
    public static let shared = DBNullValue()
    public override var typeName: String { "System.DBNull" }
    public override func toString(_ context: ConversionContext) -> String { "" }
}

/// `[NullString]::Value`: the string null a .NET string argument can take; like DBNull it
/// is an object, not `$null`.
public final class NullStringValue: PSObjectBase {
    public static let shared = NullStringValue()
    public override var typeName: String { "System.Management.Automation.Language.NullString" }
    public override func toString(_ context: ConversionContext) -> String { "" }
}

public final class AutomationNull: PSObjectBase {
    public static let shared = AutomationNull()
    public static let value = Value.object(shared)
    public override var typeName: String { "System.Management.Automation.Internal.AutomationNull" }
    public override func toString(_ context: ConversionContext) -> String { "" }
}

extension Value {
    /// $null or AutomationNull.
    @inline(__always) public var isNullish: Bool {
        switch self {
        case .null: return true
        case .object(let o): return o === AutomationNull.shared
        default: return false
        }
    }

    /// AutomationNull becomes $null; everything else is unchanged.
    @inline(__always) public var normalized: Value {
        if case .object(let o) = self, o === AutomationNull.shared { return .null }
        return self
    }
}
