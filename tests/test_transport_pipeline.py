"""The transport's last step for answers a caller asked to see as they are: an error
answer that is not raised (``skip_error_check``) still hands over its body, raw or as the
``requests.Response``, as Mastodon.py's request function does."""

from .servers import Reply


def test_an_unchecked_error_answer_gives_its_body_raw(recording_api, server):
    server.routes[("GET", "/api/v1/gone")] = Reply(404, {"error": "Record not found"})
    body = recording_api._Mastodon__api_request("GET", "/api/v1/gone", parse=False,
                                                skip_error_check=True)
    assert body == b'{"error": "Record not found"}'
    response = recording_api._Mastodon__api_request("GET", "/api/v1/gone",
                                                    return_response_object=True,
                                                    skip_error_check=True)
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}
    assert [r.path for r in server.requests] == ["/api/v1/gone", "/api/v1/gone"]


def test_an_unchecked_server_error_is_retried_then_handed_over(recording_api, server):
    server.routes[("GET", "/api/v1/busy")] = [Reply(503, {"error": "busy"}),
                                              Reply(500, {"error": "still busy"})]
    response = recording_api._api_request("GET", "/api/v1/busy", parse=False,
                                          check_status=False, max_retries=1)
    assert response.status_code == 500
    assert response.content == b'{"error": "still busy"}'
    assert len(server.requests) == 2
