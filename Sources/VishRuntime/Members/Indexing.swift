/// `$x[i]`: arrays (negative indexes count from the end; an array of indexes slices),
/// strings (a char), hashtables (by key), and scalars (index 0 is the value).
enum Indexing {
    static func get(_ target: Value, _ index: Value, _ position: ErrorPosition) throws -> Value {
        let t = target.normalized
        let idx = index.normalized
        switch t {
        case .null:
            throw Errors.runtime("Cannot index into a null array.", id: "NullArray", position)
        case .string(let s):
            let units = Array(s.utf16)
            return try slice(idx, count: units.count, position) { PSScalarBox.char(units[$0]) }
        case .object(let o):
            if let h = o as? PSHashtable {
                if case .object(let ko as PSArray) = idx {
                    return .object(PSArray(ko.items.map { h[$0] ?? .null }))
                }
                // An ordered dictionary's int indexer is positional.
                if h.isOrdered, case .int(let i) = idx {
                    return i >= 0 && Int(i) < h.count ? h.values[Int(i)] : .null
                }
                return h[idx] ?? .null
            }
            if let a = o as? PSArray { return try slice(idx, count: a.items.count, position) { a.items[$0] } }
            if let l = o as? PSList { return try slice(idx, count: l.items.count, position) { l.items[$0] } }
            if let g = o as? GroupCollection { return g.group(idx) }
            if let m = o as? MemberCollection, case .string(let name) = idx { return m.named(name) }
            if o.isEnumerable {
                let items = o.enumerate()
                return try slice(idx, count: items.count, position) { items[$0] }
            }
            if let p = o.getProperty(Convert.toString(idx, ConversionContext())), case .string = idx { return p }
            if case .int(0) = idx { return t }
            throw Errors.runtime("Unable to index into an object of type \(o.typeName).", id: "CannotIndex", position)
        default:
            // A scalar acts as a one-element collection.
            return try slice(idx, count: 1, position) { _ in t }
        }
    }

    /// One index → the element (or $null when out of range); several → an array.
    private static func slice(_ index: Value, count: Int, _ position: ErrorPosition, _ element: (Int) -> Value) throws -> Value {
        // A list indexed by $null fails (an element of an index array may be $null).
        if index.isNull {
            throw Errors.runtime("Index operation failed; the array index evaluated to null.", id: "NullArrayIndex", position)
        }
        func one(_ v: Value) throws -> Value? {
            var i = Int(try Convert.toInt32(v, position))
            if i < 0 { i += count }
            return i >= 0 && i < count ? element(i) : nil
        }
        if case .object(let o) = index, o.isEnumerable {
            return .object(PSArray(try o.enumerate().compactMap { try one($0) }))
        }
        return try one(index) ?? .null
    }

    static func set(_ target: Value, _ index: Value, _ value: Value, _ position: ErrorPosition) throws {
        switch target.normalized {
        case .object(let o):
            if let h = o as? PSHashtable {
                h[index.normalized] = value
                return
            }
            if let a = o as? PSArray {
                var i = Int(try Convert.toInt32(index, position))
                if i < 0 { i += a.items.count }
                guard i >= 0 && i < a.items.count else {
                    throw Errors.runtime("Index was outside the bounds of the array.", id: "System.IndexOutOfRangeException", position,
                                         exception: "System.IndexOutOfRangeException")
                }
                a.items[i] = try a.elementType.map { try Convert.to($0, value, position) } ?? value
                return
            }
            if let l = o as? PSList {
                let i = Int(try Convert.toInt32(index, position))
                guard i >= 0 && i < l.items.count else {
                    throw Errors.runtime("Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')",
                                         id: "ArgumentOutOfRangeException", position, exception: "System.ArgumentOutOfRangeException")
                }
                l.items[i] = value
                return
            }
            if o.setProperty(Convert.toString(index, ConversionContext()), value) { return }
            throw Errors.runtime("Unable to index into an object of type \(o.typeName).", id: "CannotIndex", position)
        case .null:
            throw Errors.runtime("Cannot index into a null array.", id: "NullArray", position)
        default:
            throw Errors.runtime("Unable to index into an object of type \(Convert.typeName(target)).", id: "CannotIndex", position)
        }
    }
}
