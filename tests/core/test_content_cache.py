"""The shared content cache: what is stored for a generation is read until content changes, never
after, including an entry built from old rows while the change was being committed."""

import pytest
from django.core.cache import cache

from core.content_cache import GENERATION_KEY, cached_content, content_changed

pytestmark = pytest.mark.django_db  # content_changed() also acts when the transaction commits


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_value_is_built_once_until_content_changes():
    build = Builder(["Les acteurs", "Le calendrier"])
    assert cached_content("outline:contrat", build) == ["Les acteurs", "Le calendrier"]
    assert cached_content("outline:contrat", build) == ["Les acteurs", "Le calendrier"]
    assert build.calls == 1
    content_changed()
    assert cached_content("outline:contrat", Builder(["Le calendrier"])) == ["Le calendrier"]


def test_entry_built_from_old_rows_before_the_commit_is_not_read_after_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
        # Another request, which cannot see the uncommitted change, stores what it read.
        assert cached_content("outline:contrat", Builder("avant la publication")) == "avant la publication"
    assert cached_content("outline:contrat", Builder("après la publication")) == "après la publication"


def test_a_lost_generation_never_brings_back_old_entries():
    cached_content("footer:1", Builder("ancien pied de page"))
    cache.delete(GENERATION_KEY)  # evicted by Redis, or Redis restarted without its data
    assert cached_content("footer:1", Builder("pied de page actuel")) == "pied de page actuel"
    content_changed()
    cache.delete(GENERATION_KEY)
    content_changed()  # a change while no generation is stored still moves it on
    assert cached_content("footer:1", Builder("pied de page publié")) == "pied de page publié"


def test_none_is_not_stored():
    build = Builder(None)
    assert cached_content("outline:inconnu", build) is None
    assert cached_content("outline:inconnu", build) is None
    assert build.calls == 2


def test_an_entry_read_again_in_the_same_process_does_not_go_back_to_the_shared_cache(monkeypatch):
    cached_content("outline:contrat", Builder(["Les acteurs"]))
    reads = []
    original = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or original(keys))
    assert cached_content("outline:contrat", Builder(["jamais construit"])) == ["Les acteurs"]
    assert reads == []


def test_a_change_made_on_another_node_is_seen_by_the_entries_kept_in_this_process():
    cached_content("outline:contrat", Builder(["Les acteurs"]))
    # Another node publishes: the generation moves in the shared cache, not through this process.
    cache.incr(GENERATION_KEY)
    from core import content_cache

    content_cache._request.generation = None  # the next request reads the generation again
    assert cached_content("outline:contrat", Builder(["Les acteurs", "Le calendrier"])) == ["Les acteurs", "Le calendrier"]


@pytest.mark.parametrize("bound", [20, 200])
def test_the_entries_kept_in_this_process_are_bounded(settings, bound):
    from core import content_cache

    settings.CONTENT_CACHE_LOCAL_ENTRIES = bound
    for number in range(bound + 50):
        cached_content(f"related-webinars:{number}", Builder([number]))
    assert len(content_cache._local_entries) == bound
    # The most recently used are kept: the last one is read without building it again.
    last = bound + 49
    assert cached_content(f"related-webinars:{last}", Builder(["reconstruit"])) == [last]
