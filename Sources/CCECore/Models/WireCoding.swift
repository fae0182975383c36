import OrderedCollections

// The models are plain `Codable`, so `JSONDecoder`/`JSONEncoder` work on them, but the
// project's bodies live as `JSONValue` trees. This file holds the bridge: a `Decoder` and an
// `Encoder` over `JSONValue` (object key order kept, integers stay integers, errors carry the
// JSON path), the one generic helper that keeps unknown members, and the error type.

/// A wire body (cluster, job, list, …) that converts to and from a `JSONValue` tree.
///
/// Every model keeps the members it does not know in `additionalFields` and writes them back,
/// so `try T(json: v).json == v` for any well-typed body (absent and `null` known fields aside).
public protocol WireModel: Codable, Sendable, Equatable {}

extension WireModel {
    /// Decodes from a JSON tree. The error names the JSON path
    /// (`spec.hostNetwork.vpc: expected a string, found a number`).
    public init(json: JSONValue) throws(ModelDecodingError) {
        self = try JSONValueDecoder.decode(Self.self, from: json)
    }

    /// Parses JSON text (UTF-8 bytes) and decodes it.
    public init<Bytes: Collection<UInt8>>(jsonBytes: Bytes) throws(ModelDecodingError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(jsonBytes)
        } catch {
            throw ModelDecodingError(path: "", message: error.description)
        }
        try self.init(json: value)
    }

    /// The JSON tree: known members in declaration order, then unknown members sorted by key;
    /// absent (`nil`) members are left out.
    public var json: JSONValue { JSONValueEncoder.encode(self) }
}

/// Why a body could not be decoded into a model, and where.
public struct ModelDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path in the language's syntax (`spec.containerNetwork.cidrs[0].cidr`); empty for the whole body.
    public var path: String
    /// What was wrong (`expected a string, found a number`).
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// Turns a `DecodingError` (from `JSONDecoder` or the tree decoder) into a path-naming error.
    public init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            DiagnosticPath(
                keys.map { key in
                    if let i = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(i) {
                        return .index(i)
                    }
                    return .key(key.stringValue)
                }
            ).description
        }
        switch error {
        case .typeMismatch(let type, let context):
            let found =
                context.debugDescription.hasPrefix("expected ")
                ? context.debugDescription : "expected \(ModelDecodingError.describe(type))"
            self.init(path: path(context.codingPath), message: found)
        case .valueNotFound(let type, let context):
            self.init(
                path: path(context.codingPath), message: "expected \(ModelDecodingError.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(path: path(context.codingPath + [key]), message: "required member is missing")
        case .dataCorrupted(let context):
            self.init(path: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(path: "", message: "cannot decode the body")
        }
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

// MARK: - Unknown members (the one generic helper)

/// Any member name, for reading and writing members no model declares.
struct WireKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The members of the current object whose names are not among `known`'s raw values
    /// (nor in `alsoKnown`), kept as JSON so they can be written back.
    func unknownFields<K: CodingKey & CaseIterable>(
        besides known: K.Type, alsoKnown: Set<String> = []
    ) throws -> [String: JSONValue] {
        let container = try self.container(keyedBy: WireKey.self)
        var knownNames = alsoKnown
        for key in K.allCases { knownNames.insert(key.stringValue) }
        var result: [String: JSONValue] = [:]
        for key in container.allKeys where !knownNames.contains(key.stringValue) {
            result[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return result
    }
}

extension Encoder {
    /// Writes `fields` after the declared members, sorted by name; names that `known`
    /// declares are skipped so an unknown entry never overrides a typed one.
    func encodeUnknownFields<K: CodingKey & CaseIterable>(_ fields: [String: JSONValue], besides known: K.Type) throws {
        guard !fields.isEmpty else { return }
        var knownNames = Set<String>()
        for key in K.allCases { knownNames.insert(key.stringValue) }
        var container = self.container(keyedBy: WireKey.self)
        for name in fields.keys.sorted() where !knownNames.contains(name) {
            if let value = fields[name] { try container.encode(value, forKey: WireKey(name)) }
        }
    }
}

// MARK: - Decoder over JSONValue

/// Decodes `Decodable` values straight from a `JSONValue` tree.
public enum JSONValueDecoder {
    /// Decodes `type` from `value`; the error names the JSON path.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(ModelDecodingError) -> T {
        do {
            return try TreeDecoder(value: value, codingPath: []).decodeValue(T.self)
        } catch let error as DecodingError {
            throw ModelDecodingError(error)
        } catch let error as ModelDecodingError {
            throw error
        } catch {
            throw ModelDecodingError(path: "", message: "\(error)")
        }
    }
}

/// Whether `decoder` reports object members in wire order (the tree decoder does;
/// Foundation's `JSONDecoder` gives them in hash order, so map types sort them instead).
func keepsMemberOrder(_ decoder: any Decoder) -> Bool { decoder is TreeDecoder }

struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private func mismatch(_ expected: String, _ found: JSONValue, _ path: [any CodingKey], _ type: Any.Type)
    -> DecodingError
{
    let article = found.typeName == "array" || found.typeName == "object" ? "an" : "a"
    let foundText = found.isNull ? "null" : "\(article) \(found.typeName)"
    return DecodingError.typeMismatch(
        type, .init(codingPath: path, debugDescription: "expected \(expected), found \(foundText)"))
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let o) = value else {
            throw mismatch("an object", value, codingPath, [String: JSONValue].self)
        }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(object: o, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let a) = value else {
            throw mismatch("an array", value, codingPath, [JSONValue].self)
        }
        return TreeUnkeyedContainer(array: a, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TreeSingleContainer(value: value, codingPath: codingPath)
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        // JSONValue's own Codable sorts object keys; reading the tree directly keeps the order.
        if T.self == JSONValue.self, let v = value as? T { return v }
        return try T(from: self)
    }
}

private func decodePrimitive<T>(_ value: JSONValue, _ path: [any CodingKey], _ type: T.Type) throws -> T {
    switch type {
    case is String.Type:
        guard case .string(let s) = value, let r = s as? T else { throw mismatch("a string", value, path, type) }
        return r
    case is Bool.Type:
        guard case .bool(let b) = value, let r = b as? T else { throw mismatch("a boolean", value, path, type) }
        return r
    case is Double.Type, is Float.Type:
        let d: Double
        switch value {
        case .int(let n): d = Double(n)
        case .double(let x): d = x
        default: throw mismatch("a number", value, path, type)
        }
        if T.self == Float.self, let r = Float(d) as? T { return r }
        guard let r = d as? T else { throw mismatch("a number", value, path, type) }
        return r
    default:
        throw mismatch("a value", value, path, type)
    }
}

private func decodeInteger<T: FixedWidthInteger>(_ value: JSONValue, _ path: [any CodingKey], _ type: T.Type) throws
    -> T
{
    switch value {
    case .int(let n):
        if let r = T(exactly: n) { return r }
    case .double(let d):
        if let r = T(exactly: d) { return r }
    default:
        break
    }
    let integral: Bool
    switch value {
    case .int: integral = true
    case .double(let d): integral = d.rounded() == d
    default: integral = false
    }
    if integral {
        throw DecodingError.typeMismatch(
            type,
            .init(codingPath: path, debugDescription: "expected an integer in the range of \(T.self), found \(value)"))
    }
    throw mismatch("an integer", value, path, type)
}

private struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: OrderedDictionary<String, JSONValue>
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    func member(_ key: Key) throws -> JSONValue {
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "required member is missing"))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decodePrimitive(member(key), codingPath + [key], type)
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decodePrimitive(member(key), codingPath + [key], type)
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decodePrimitive(member(key), codingPath + [key], type)
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decodePrimitive(member(key), codingPath + [key], type)
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decodeInteger(member(key), codingPath + [key], type)
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decodeInteger(member(key), codingPath + [key], type)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TreeDecoder(value: member(key), codingPath: codingPath + [key]).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    mutating func next<T>(_ body: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        guard currentIndex < array.count else {
            throw DecodingError.valueNotFound(
                Any.self,
                .init(
                    codingPath: codingPath + [IndexKey(currentIndex)],
                    debugDescription: "the array has no more elements"))
        }
        let r = try body(array[currentIndex], codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return r
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < array.count else { return false }
        if array[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try decodePrimitive($0, $1, type) } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try decodePrimitive($0, $1, type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try decodePrimitive($0, $1, type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try decodePrimitive($0, $1, type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try decodeInteger($0, $1, type) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next { try TreeDecoder(value: $0, codingPath: $1).decodeValue(type) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        try next { try TreeDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try TreeDecoder(value: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { TreeDecoder(value: $0, codingPath: $1) }
    }
}

private struct TreeSingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decodePrimitive(value, codingPath, type) }
    func decode(_ type: String.Type) throws -> String { try decodePrimitive(value, codingPath, type) }
    func decode(_ type: Double.Type) throws -> Double { try decodePrimitive(value, codingPath, type) }
    func decode(_ type: Float.Type) throws -> Float { try decodePrimitive(value, codingPath, type) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(value, codingPath, type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(value, codingPath, type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(value, codingPath, type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(value, codingPath, type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TreeDecoder(value: value, codingPath: codingPath).decodeValue(type)
    }
}

// MARK: - Encoder to JSONValue

/// Encodes `Encodable` values into a `JSONValue` tree, keeping the order members are written in.
public enum JSONValueEncoder {
    /// The tree for `value`. Model types never fail to encode; should a foreign type throw,
    /// the result is `null` rather than a crash.
    public static func encode<T: Encodable>(_ value: T) -> JSONValue {
        (try? encodeOrThrow(value)) ?? .null
    }

    /// The tree for `value`, passing on whatever `encode(to:)` throws.
    public static func encodeOrThrow<T: Encodable>(_ value: T) throws -> JSONValue {
        if let v = value as? JSONValue { return v }
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: []))
        return node.resolved
    }
}

/// A slot in the tree being built. A class so that containers handed out earlier keep
/// writing into the same place (keyed containers may be requested more than once).
private final class Node {
    enum Content {
        case empty
        case value(JSONValue)
        case object(OrderedDictionary<String, Node>)
        case array([Node])
    }

    var content: Content = .empty

    init() {}
    init(_ v: JSONValue) { content = .value(v) }

    var resolved: JSONValue {
        switch content {
        case .empty: return .object([:])
        case .value(let v): return v
        case .object(let o):
            var out = OrderedDictionary<String, JSONValue>()
            out.reserveCapacity(o.count)
            for (k, n) in o { out[k] = n.resolved }
            return .object(out)
        case .array(let a): return .array(a.map(\.resolved))
        }
    }

    func child(_ key: String) -> Node {
        var o: OrderedDictionary<String, Node>
        if case .object(let existing) = content { o = existing } else { o = [:] }
        if let n = o[key] { return n }
        let n = Node()
        o[key] = n
        content = .object(o)
        return n
    }

    func set(_ key: String, _ v: JSONValue) { child(key).content = .value(v) }

    func append() -> Node {
        var a: [Node]
        if case .array(let existing) = content { a = existing } else { a = [] }
        let n = Node()
        a.append(n)
        content = .array(a)
        return n
    }

    func makeObject() { if case .object = content {} else { content = .object([:]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
    var arrayCount: Int { if case .array(let a) = content { return a.count } else { return 0 } }
}

private func encodeTree<T: Encodable>(_ value: T, into node: Node, path: [any CodingKey]) throws {
    if let v = value as? JSONValue {
        node.content = .value(v)
        return
    }
    try value.encode(to: TreeEncoder(node: node, codingPath: path))
}

private func integer<T: BinaryInteger>(_ n: T) -> JSONValue {
    if let i = Int(exactly: n) { return .int(i) }
    return .double(Double(n))
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(TreeKeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return TreeUnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleEncoder(node: node, codingPath: codingPath)
    }
}

private struct TreeKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.set(key.stringValue, .double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.set(key.stringValue, .double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.set(key.stringValue, integer(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeTree(value, into: node.child(key.stringValue), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = node.child(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(TreeKeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(key.stringValue)
        child.makeArray()
        return TreeUnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.child("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct TreeUnkeyedEncoder: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.arrayCount }

    mutating func encodeNil() throws { node.append().content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.append().content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.append().content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.append().content = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { node.append().content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.append().content = .value(.int(value)) }
    mutating func encode(_ value: Int8) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: Int16) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: Int32) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: Int64) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: UInt) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.append().content = .value(integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.append().content = .value(integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try encodeTree(value, into: node.append(), path: codingPath + [IndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let index = count
        let child = node.append()
        child.makeObject()
        return KeyedEncodingContainer(
            TreeKeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [IndexKey(index)]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = count
        let child = node.append()
        child.makeArray()
        return TreeUnkeyedEncoder(node: child, codingPath: codingPath + [IndexKey(index)])
    }

    mutating func superEncoder() -> any Encoder {
        let index = count
        return TreeEncoder(node: node.append(), codingPath: codingPath + [IndexKey(index)])
    }
}

private struct TreeSingleEncoder: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { node.content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.content = .value(.int(value)) }
    mutating func encode(_ value: Int8) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: Int16) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: Int32) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.content = .value(integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.content = .value(integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeTree(value, into: node, path: codingPath) }
}
