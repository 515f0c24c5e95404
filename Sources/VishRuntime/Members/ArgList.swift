/// A method's arguments where a missing one reads as $null: .NET methods are called
/// with whatever count a script gives, and a wrong count must be an error, never a trap.
struct ArgList: RandomAccessCollection {
    let values: [Value]
    init(_ values: [Value]) { self.values = values }
    var startIndex: Int { 0 }
    var endIndex: Int { values.count }
    subscript(i: Int) -> Value { i >= 0 && i < values.count ? values[i] : .null }
}
