import Foundation

/// `object[]` and typed arrays (`int[]`, `string[]`). Arrays are fixed-size in .NET;
/// `+=` builds a new one. `elementType` is nil for object[].
public final class PSArray: PSObjectBase {
    public var items: [Value]
    public let elementType: PSType?

    public init(_ items: [Value], elementType: PSType? = nil) {
        self.items = items
        self.elementType = elementType
    }

    public override var typeName: String { (elementType?.fullName ?? "System.Object") + "[]" }
    public override var typeNames: [String] { [typeName, "System.Array", "System.Object"] }
    public override var isEnumerable: Bool { true }
    public override func enumerate() -> [Value] { items }
    public var count: Int { items.count }

    public override func toString(_ context: ConversionContext) -> String { typeName }
}

/// A key in a hashtable: strings compare case-insensitively (pwsh's default hashtable
/// comparer); numbers compare by value within their .NET type.
public struct HashKey: Hashable {
    let kind: UInt8
    let text: String
    let number: Double
    let identity: ObjectIdentifier?

    public init(_ value: Value) {
        switch value {
        case .string(let s): kind = 1; text = s; number = 0; identity = nil
        case .int(let i): kind = 2; text = ""; number = Double(i); identity = nil
        case .long(let l): kind = 3; text = ""; number = Double(l); identity = nil
        case .double(let d): kind = 4; text = ""; number = d; identity = nil
        case .decimal(let d): kind = 5; text = "\(d)"; number = 0; identity = nil
        case .bool(let b): kind = 6; text = ""; number = b ? 1 : 0; identity = nil
        case .null: kind = 0; text = ""; number = 0; identity = nil
        case .object(let o):
            if let s = o as? PSScalarBox {
                kind = 7; text = s.hashText; number = 0; identity = nil
            } else {
                kind = 8; text = ""; number = 0; identity = ObjectIdentifier(o)
            }
        }
    }

    /// Strings hash and compare ignoring case (ASCII without allocating).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        switch kind {
        case 1:
            // FNV-1a over the case-folded bytes, fed to the hasher once.
            var h: UInt64 = 0xcbf29ce484222325
            for b in text.utf8 {
                if b >= 0x80 { hasher.combine(text.lowercased()); return }
                h = (h ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* 0x100000001b3
            }
            hasher.combine(h)
        case 5, 7: hasher.combine(text)
        case 8: hasher.combine(identity)
        default: hasher.combine(number)
        }
    }

    /// pwsh's key comparison of strings: ordinal ignoring case (ASCII without allocating).
    @inline(__always) static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        // Native strings: compare the bytes in place; only non-ASCII text goes the long way.
        if let known = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable({ y in asciiSameIgnoringCase(x, y) }) ?? nil
        }), let answer = known {
            return answer
        }
        if a.utf8.count != b.utf8.count && a.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            let x = ia.next(), y = ib.next()
            guard let cx = x, let cy = y else { return x == nil && y == nil }
            if cx >= 0x80 || cy >= 0x80 { return a.lowercased() == b.lowercased() }
            if (cx >= 0x41 && cx <= 0x5A ? cx | 0x20 : cx) != (cy >= 0x41 && cy <= 0x5A ? cy | 0x20 : cy) { return false }
        }
    }

    /// Equal ignoring ASCII case; nil when a non-ASCII byte leaves it undecided.
    @inline(__always) private static func asciiSameIgnoringCase(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool? {
        if x.count != y.count {
            for c in x where c >= 0x80 { return nil }
            for c in y where c >= 0x80 { return nil }
            return false
        }
        for i in 0..<x.count {
            let cx = x[i], cy = y[i]
            if cx == cy { continue }
            if cx >= 0x80 || cy >= 0x80 { return nil }
            if (cx >= 0x41 && cx <= 0x5A ? cx | 0x20 : cx) != (cy >= 0x41 && cy <= 0x5A ? cy | 0x20 : cy) { return false }
        }
        return true
    }

    public static func == (a: HashKey, b: HashKey) -> Bool {
        guard a.kind == b.kind else { return false }
        switch a.kind {
        case 1: return sameIgnoringCase(a.text, b.text)
        case 5, 7: return a.text == b.text
        case 8: return a.identity == b.identity
        default: return a.number == b.number
        }
    }
}

/// `@{}` (System.Collections.Hashtable) and `[ordered]@{}`
/// (System.Collections.Specialized.OrderedDictionary). Entries are kept in insertion
/// order. An ordered dictionary shows them so; so does a Hashtable with string keys, whose
/// .NET order follows per-process string hashing (no order is more faithful than another,
/// and insertion order keeps output deterministic); a Hashtable whose keys are all
/// integers shows them in .NET's bucket order (HashtableOrder), as pwsh does everywhere.
public final class PSHashtable: PSObjectBase {
    /// Entries in insertion order. A removed one leaves a hole until `keys` or `values` is
    /// next read (or holes make up half the entries): Remove then costs a lookup, not a
    /// shift of every later entry and a rebuilt index.
    private var entryKeys: [Value] = []
    private var entryValues: [Value] = []
    private var holes = 0
    private static let hole = Value.object(RemovedEntry())
    private var index: KeyIndex
    public let isOrdered: Bool

    /// A more specific .NET type it stands for (ConvertFrom-Json's OrderedHashtable).
    public var displayTypeName: String?

    public init(ordered: Bool = false, caseSensitive: Bool = false) {
        self.isOrdered = ordered
        self.index = KeyIndex(caseSensitive: caseSensitive)
    }

    public override var typeName: String {
        displayTypeName ?? (isOrdered ? "System.Collections.Specialized.OrderedDictionary" : "System.Collections.Hashtable")
    }
    /// OrderedHashtable derives from Hashtable.
    public override var typeNames: [String] {
        displayTypeName == nil ? [typeName, "System.Object"] : [typeName, "System.Collections.Hashtable", "System.Object"]
    }

    /// The initial capacity .NET's Hashtable was made with (a literal's entry count).
    public var capacity = 0

    public var keys: [Value] {
        closeHoles()
        guard let order = dotNetOrder else { return entryKeys }
        return order.map { entryKeys[$0] }
    }
    public var values: [Value] {
        closeHoles()
        guard let order = dotNetOrder else { return entryValues }
        return order.map { entryValues[$0] }
    }

    /// The enumeration order of a plain Hashtable with integer keys (nil: insertion order).
    private var dotNetOrder: [Int]? {
        guard !isOrdered, displayTypeName == nil, entryKeys.count > 1 else { return nil }
        return HashtableOrder.permutation(entryKeys, capacity: capacity)
    }
    public var count: Int { entryKeys.count - holes }

    public subscript(key: Value) -> Value? {
        get { position(of: key).map { entryValues[$0] } }
        set {
            let h = KeyIndex.hash(key, caseSensitive: index.caseSensitive)
            if let i = entryKeys.isEmpty ? nil : position(of: key, hash: h) {
                if let v = newValue {
                    entryValues[i] = v
                } else {
                    index.remove(hash: h, at: i)
                    entryKeys[i] = Self.hole
                    entryValues[i] = .null
                    holes += 1
                    if holes > 32 && holes * 2 > entryKeys.count { closeHoles() }
                }
            } else if let v = newValue {
                index.insert(hash: h, at: entryKeys.count)
                entryKeys.append(key)
                entryValues.append(v)
            }
        }
    }

    public func contains(_ key: Value) -> Bool { position(of: key) != nil }

    /// Where `key` sits in the entry arrays. The index and keys are used where they are
    /// stored: a copy of the index would retain and release its arrays on every lookup.
    @inline(__always) private func position(of key: Value) -> Int? {
        if index.isEmpty { return nil }
        return position(of: key, hash: KeyIndex.hash(key, caseSensitive: index.caseSensitive))
    }

    @inline(__always) private func position(of key: Value, hash h: UInt64) -> Int? {
        withUnsafeMutablePointer(to: &index) { ip in
            entryKeys.withUnsafeBufferPointer { ks in ip.pointee.find(key, hash: h, keys: ks) }
        }
    }

    /// `$h[key]` for a plain key (not an array of keys, not an ordered dictionary's int
    /// position); nil when the general indexer must decide.
    @inline(__always) func plainLookup(_ key: Value) -> Value? {
        if case .object(let o) = key, o is PSArray || o === AutomationNull.shared { return nil }
        if isOrdered, case .int = key { return nil }
        return self[key] ?? .null
    }

    /// The key as stored (its own spelling) that `key` finds.
    func storedKey(_ key: Value) -> Value? { position(of: key).map { entryKeys[$0] } }

    private func closeHoles() {
        guard holes > 0 else { return }
        var k: [Value] = [], v: [Value] = []
        k.reserveCapacity(count)
        v.reserveCapacity(count)
        for i in entryKeys.indices where !(entryKeys[i].asObject is RemovedEntry) {
            k.append(entryKeys[i])
            v.append(entryValues[i])
        }
        entryKeys = k
        entryValues = v
        holes = 0
        index.rebuild(entryKeys)
    }

    public func removeAll() {
        entryKeys = []
        entryValues = []
        holes = 0
        index = KeyIndex(caseSensitive: index.caseSensitive)
    }

    public func copy(ordered: Bool? = nil) -> PSHashtable {
        closeHoles()
        let h = PSHashtable(ordered: ordered ?? isOrdered, caseSensitive: index.caseSensitive)
        h.entryKeys = entryKeys
        h.entryValues = entryValues
        h.index = index
        h.capacity = capacity
        return h
    }

    public override func toString(_ context: ConversionContext) -> String { typeName }

    /// Hashtables expose their keys as properties (`$h.Name`).
    public override func getProperty(_ name: String) -> Value? {
        self[.string(name)]
    }

    public override func setProperty(_ name: String, _ value: Value) -> Bool {
        self[.string(name)] = value
        return true
    }
}

/// The key a removed hashtable entry leaves behind until the holes are closed.
final class RemovedEntry: PSObjectBase {}

/// `[pscustomobject]@{…}`: note properties in order, names case-insensitive.
public final class PSCustomObject: PSObjectBase {
    public private(set) var names: [String] = []
    public private(set) var values: [Value] = []
    /// Script methods added with Add-Member -MemberType ScriptMethod, by lowercased name.
    var scriptMethods: [String: (name: String, block: ScriptBlockObject)] {
        get { addedMethods ?? [:] }
        set { addedMethods = newValue }
    }
    /// Nil for the many objects that never get one (nothing to release when they go).
    private var addedMethods: [String: (name: String, block: ScriptBlockObject)]?
    /// Built once an object has many properties; a few are found faster by a scan.
    private var index: [HashKey: Int]?
    /// `$o.PSTypeNames`: the type names formatting and binding go by, editable.
    public lazy var typeNameList = PSList(["System.Management.Automation.PSCustomObject", "System.Object"].map { .string($0) },
                                          type: PSType(.list, "System.Collections.ObjectModel.Collection[System.String]", element: .string))
    /// Extra type names from `PSTypeName` (shown first).
    public var extraTypeNames: [String] {
        get { Array(typeNames.dropLast(2)) }
        set { typeNameList.items = (newValue + ["System.Management.Automation.PSCustomObject", "System.Object"]).map { .string($0) } }
    }

    public override init() {}

    /// Properties with distinct names, in order.
    init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
        super.init()
        if names.count > 8 {
            index = Dictionary(uniqueKeysWithValues: names.enumerated().map { (HashKey(.string($1)), $0) })
        }
    }

    public override var typeName: String { "System.Management.Automation.PSCustomObject" }
    public override var typeNames: [String] { typeNameList.items.map { Convert.toString($0, ConversionContext()) } }
    public override var propertyNames: [String] { names }

    public func add(_ name: String, _ value: Value) {
        if let i = position(name) {
            values[i] = value
        } else {
            index?[HashKey(.string(name))] = names.count
            names.append(name)
            values.append(value)
            if index == nil && names.count > 8 {
                index = Dictionary(uniqueKeysWithValues: names.enumerated().map { (HashKey(.string($1)), $0) })
            }
        }
    }

    /// The identity of the names' storage: objects one `[pscustomobject]@{…}` made share
    /// it until one of them gains or loses a property, so it works as the objects' shape.
    @inline(__always) var shape: UnsafeRawPointer? {
        names.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// The value at `position` when the object has `shape` (see `MemberExpr`'s cache).
    @inline(__always) func value(ifShape shape: UnsafeRawPointer, at position: Int) -> Value? {
        self.shape == shape ? values[position] : nil
    }

    @inline(__always) func position(_ name: String) -> Int? {
        if let index { return index[HashKey(.string(name))] }
        return names.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where HashKey.sameIgnoringCase(buf[i], name) { return i }
            return nil
        }
    }

    public override func getProperty(_ name: String) -> Value? {
        position(name).map { values[$0] }
    }

    public override func setProperty(_ name: String, _ value: Value) -> Bool {
        guard let i = position(name) else { return false }
        values[i] = value
        return true
    }

    /// `@{a=1; b=two}`, as pwsh converts a custom object to a string.
    public override func toString(_ context: ConversionContext) -> String {
        "@{" + zip(names, values).map { "\($0)=\(Convert.toString($1, context))" }.joined(separator: "; ") + "}"
    }
}
