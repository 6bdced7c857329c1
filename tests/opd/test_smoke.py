def test_home_shows_the_role(login, head_a):
    response = login(head_a).get("/")
    assert response.status_code == 200
    assert "Kepala OPD" in response.content.decode()
