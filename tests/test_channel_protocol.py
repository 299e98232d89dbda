"""What the website channel accepts and refuses, with errors in the user's language."""

from __future__ import annotations

import json

import pytest

from assistant.channels.protocol import (
    MAX_BODY_BYTES,
    MAX_MESSAGE_CHARS,
    Access,
    ChannelError,
    origin_allowed,
    parse_request,
)


def body(**fields: object) -> bytes:
    return json.dumps({"sender": "web-0123456789abcdef", "message": "hej", **fields}).encode()


def test_a_normal_message_is_accepted_and_only_storable_metadata_kept() -> None:
    chat = parse_request(body(metadata={"language": "da", "page": "https://x.dk/a", "programme": "regionh-ai-2020",
                                        "department": "Økonomi", "email": "a@b.dk"}))
    assert chat.message == "hej"
    assert dict(chat.metadata) == {"language": "da", "page": "https://x.dk/a", "programme": "regionh-ai-2020"}
    assert dict(chat.transient) == {"department": "Økonomi"}


def test_the_page_address_is_kept_without_its_query_or_fragment() -> None:
    chat = parse_request(body(metadata={"page": "https://kommune.dk/ai/puljen.html?user=jens.hansen&id=42#top"}))
    assert chat.metadata["page"] == "https://kommune.dk/ai/puljen.html"


@pytest.mark.parametrize(("raw", "status", "code"), [
    (b"{not json", 400, "bad_json"),
    (b"[1, 2]", 400, "bad_json"),
    (b"\xff\xfe", 400, "bad_json"),
    (body(sender=42), 400, "bad_field"),
    (body(sender="x"), 400, "bad_field"),
    (body(message=None), 400, "bad_field"),
    (body(message=["a"]), 400, "bad_field"),
    (body(metadata="da"), 400, "bad_field"),
    (body(message="a" * (MAX_MESSAGE_CHARS + 1)), 413, "too_large"),
    (b" " * (MAX_BODY_BYTES + 1), 413, "too_large"),
])
def test_malformed_requests_get_a_4xx_with_a_json_error(raw: bytes, status: int, code: str) -> None:
    with pytest.raises(ChannelError) as caught:
        parse_request(raw)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.body()["message"]


def test_errors_are_in_the_page_language() -> None:
    with pytest.raises(ChannelError) as caught:
        parse_request(body(message=7, metadata={"language": "sv"}))
    assert caught.value.body()["message"] == "Meddelandet saknar något eller har ett felaktigt fält."


def test_control_characters_are_removed_but_newlines_kept() -> None:
    assert parse_request(body(message="  hej\x00\x07 med\ndig\x1b  ")).message == "hej med\ndig"


WEB = Access(origins=("https://kommune.example", "https://intra.example"), origins_setting="ASSISTANT_CORS_ORIGINS")


def test_other_origins_are_refused_unless_listed() -> None:
    assert origin_allowed(None, "bot.example", ())
    assert origin_allowed("https://bot.example", "bot.example", ())
    assert not origin_allowed("https://evil.example", "bot.example", ())
    assert parse_request(body(), origin="https://intra.example", host="bot.example", access=WEB).message == "hej"
    assert parse_request(body(), origin="https://INTRA.example/", host="bot.example", access=WEB).message == "hej"
    with pytest.raises(ChannelError) as caught:
        parse_request(body(metadata={"language": "da"}), origin="https://evil.example", host="bot.example",
                      access=WEB)
    assert caught.value.status == 403
    assert caught.value.body()["message"] == "Denne side må ikke bruge assistenten."
    assert "add https://evil.example to ASSISTANT_CORS_ORIGINS" in caught.value.body()["detail"]


def test_a_channel_without_an_origin_setting_takes_no_requests_from_other_sites() -> None:
    with pytest.raises(ChannelError) as caught:
        parse_request(body(), origin="https://kommune.example", host="bot.example", access=Access())
    assert caught.value.status == 403
    assert "use the website channel" in caught.value.body()["detail"]


def test_a_configured_token_is_required_and_the_refusal_names_the_setting() -> None:
    access = Access(token="s3cret-token", token_setting="ASSISTANT_REST_TOKEN")
    for wrong in ("wrong", None):
        with pytest.raises(ChannelError) as caught:
            parse_request(body(metadata={"language": "sv"}), token=wrong, access=access)
        assert caught.value.status == 401
        assert caught.value.body()["message"] == "Åtkomstnyckeln till assistenten saknas eller är fel."
        assert "ASSISTANT_REST_TOKEN" in caught.value.body()["detail"]
    assert parse_request(body(), token="s3cret-token", access=access).message == "hej"


def test_without_a_configured_token_none_is_needed() -> None:
    assert parse_request(body(), token=None, access=Access()).message == "hej"
