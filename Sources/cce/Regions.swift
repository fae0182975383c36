// Which hosts a region alone implies (WIRE.md §7, WIRE-LIFECYCLE §8).

/// A region's CCE and IAM endpoints.
struct RegionEndpoints: Equatable {
    var cce: String
    var iam: String
}

enum Regions {
    /// Open Telekom Cloud. `eu-ch2` is the Swiss cloud under `.sc.`; its IAM host is
    /// `iam-pub.…` (several public configs). Its CCE host is unconfirmed literally
    /// (WIRE-LIFECYCLE §10): the sibling services (swr, obs, vpc) are all `<svc>.eu-ch2.sc.…`.
    static let otc: [String: RegionEndpoints] = [
        "eu-de": RegionEndpoints(
            cce: "https://cce.eu-de.otc.t-systems.com", iam: "https://iam.eu-de.otc.t-systems.com/v3"),
        "eu-nl": RegionEndpoints(
            cce: "https://cce.eu-nl.otc.t-systems.com", iam: "https://iam.eu-nl.otc.t-systems.com/v3"),
        "eu-ch2": RegionEndpoints(
            cce: "https://cce.eu-ch2.sc.otc.t-systems.com", iam: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"),
    ]

    /// Huawei Cloud's CCE regions, as the official SDK lists them (huaweicloudsdkcce 3.1.219,
    /// `v3/region/cce_region.py`). Every one is under `myhuaweicloud.com` except the European
    /// site's `eu-west-101`, under `myhuaweicloud.eu` (whose IAM, the SDK READMEs say, European
    /// users must use).
    static let huawei: [String] = [
        "ae-ad-1", "af-north-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-north-1", "cn-north-11",
        "cn-north-12", "cn-north-2", "cn-north-4", "cn-north-9", "cn-south-1", "cn-south-2", "cn-south-4",
        "cn-southwest-2", "eu-west-0", "eu-west-101", "la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1",
        "na-mexico-1", "ru-moscow-1", "ru-northwest-2", "sa-brazil-1", "tr-west-1",
    ]

    /// The endpoints of a known region, or nil.
    static func endpoints(for region: String) -> RegionEndpoints? {
        if let otc = otc[region] { return otc }
        guard huawei.contains(region) else { return nil }
        let domain = region == "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com"
        return RegionEndpoints(cce: "https://cce.\(region).\(domain)", iam: "https://iam.\(region).\(domain)/v3")
    }

    /// Every known region, OTC's first, for error messages.
    static var known: [String] { otc.keys.sorted() + huawei }
}
