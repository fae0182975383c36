"""Benchmark: the same batch with the official Huawei Cloud Python SDK (huaweicloudsdkcce).

    python sdk_batch.py ENDPOINT PROJECT_ID N THREADS

AK/SK come from HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK. Each worker creates a cluster and
polls its job once a second (the client core's initial poll interval) until it ends.
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcce.v3 import (CceClient, Cluster, ClusterMetadata, ClusterSpec, ContainerNetwork,
                                  CreateClusterRequest, HostNetwork, ShowJobRequest)

endpoint, project, n, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
config = HttpConfig.get_default_config()
config.ignore_ssl_verification = True
credentials = BasicCredentials(os.environ["HUAWEICLOUD_SDK_AK"], os.environ["HUAWEICLOUD_SDK_SK"], project)
builder = CceClient.new_builder().with_credentials(credentials).with_http_config(config)
builder = builder.with_endpoints([endpoint]) if hasattr(builder, "with_endpoints") else builder.with_endpoint(endpoint)
client = builder.build()


def one(i):
    body = Cluster(
        kind="Cluster", api_version="v3", metadata=ClusterMetadata(name=f"sdk-{threads}-{i}"),
        spec=ClusterSpec(
            type="VirtualMachine", flavor="cce.s1.small",
            host_network=HostNetwork(vpc="23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1",
                                     subnet="c90b3ce5-e1f1-4c87-a006-644d78846438"),
            container_network=ContainerNetwork(mode="overlay_l2", cidr="172.16.0.0/16")))
    job_id = client.create_cluster(CreateClusterRequest(body=body)).status.job_id
    while True:
        phase = client.show_job(ShowJobRequest(job_id=job_id)).status.phase
        if phase in ("Success", "Failed"):
            return phase
        time.sleep(1)


if threads <= 1:
    results = [one(i) for i in range(1, n + 1)]
else:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, range(1, n + 1)))
print(sum(1 for r in results if r == "Success"), "succeeded")
